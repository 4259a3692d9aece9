package dev.vigia.app.track;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.app.common.CountingOptions;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.eval.CountAccuracy;
import dev.vigia.pipeline.eval.MotFile;
import dev.vigia.pipeline.zones.CountingLayout;
import dev.vigia.pipeline.zones.SceneCounter;
import dev.vigia.pipeline.zones.SceneListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Line crossings and zone visits counted from a MOT track file, with the monitor's own counting. */
@Command(name = "count", mixinStandardHelpOptions = true,
        description = {"Count line crossings and zone visits in a MOTChallenge track file (every row a confirmed",
                "observation; a track's rows taken in frame order, gaps allowed). Same counting as 'vigia monitor'."})
public final class CountCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--tracks", required = true, paramLabel = "MOT.txt", description = "Tracks: frame,id,x,y,w,h,conf[,class,...].")
    Path tracks;

    @Mixin
    CountingOptions counting;

    @Option(names = "--labels", paramLabel = "SET|FILE", defaultValue = "coco80",
            description = "Names of the class column's ids (default: ${DEFAULT-VALUE}); rows without a class count as 'object'.")
    String labels;

    @Option(names = "--json", description = "Print {\"lines\": {NAME: {\"in\", \"out\", \"by_class\"}}, \"zones\": {NAME: {\"entered\", \"exited\", \"max_occupancy\"}}}.")
    boolean json;

    @Override
    public Integer call() {
        CountingLayout layout = counting.layout();
        LabelMap names = LabelMap.resolve(labels);
        SceneCounter scene = layout.newScene(new SceneListener() {});
        CountAccuracy.replay(MotFile.read(tracks), scene);
        ObjectNode report = scene.toJson(id -> id < 0 ? "object" : names.name(id));
        report.get("zones").forEach(zone -> ((ObjectNode) zone).remove(List.of("occupancy", "occupancy_by_class")));
        print(report);
        return 0;
    }

    private void print(ObjectNode report) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(report.toString());
            return;
        }
        report.get("lines").fields().forEachRemaining(line -> {
            StringBuilder classes = new StringBuilder();
            line.getValue().get("by_class").fields().forEachRemaining(c -> classes.append(String.format(" %s %d/%d",
                    c.getKey(), c.getValue().get("in").asLong(), c.getValue().get("out").asLong())));
            out.printf("line %-12s in %5d  out %5d %s%n", line.getKey(), line.getValue().get("in").asLong(),
                    line.getValue().get("out").asLong(), classes.length() == 0 ? "" : " (in/out:" + classes + ")");
        });
        report.get("zones").fields().forEachRemaining(zone -> out.printf("zone %-12s entered %5d  exited %5d  max occupancy %3d%n",
                zone.getKey(), zone.getValue().get("entered").asLong(), zone.getValue().get("exited").asLong(),
                zone.getValue().get("max_occupancy").asLong()));
        out.flush();
    }
}
