package dev.vigia.app.track;

import dev.vigia.app.common.CountingOptions;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.eval.CountAccuracy;
import dev.vigia.pipeline.eval.MotFile;
import dev.vigia.pipeline.zones.CountingLayout;
import dev.vigia.pipeline.zones.LineCounter;
import dev.vigia.pipeline.zones.SceneCounter;
import dev.vigia.pipeline.zones.ZoneCounter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
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
        IntFunction<String> className = MotFile.classNames(LabelMap.resolve(labels));
        SceneCounter scene = CountAccuracy.count(MotFile.read(tracks), layout);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(scene.countsJson(className).toString());
            return 0;
        }
        for (LineCounter line : scene.lines()) {
            StringBuilder classes = new StringBuilder();
            line.byClass().forEach((classId, inOut) -> classes.append(String.format(" %s %d/%d", className.apply(classId),
                    inOut[0], inOut[1])));
            out.printf("line %-12s in %5d  out %5d %s%n", line.name(), line.in(), line.out(),
                    classes.length() == 0 ? "" : " (in/out:" + classes + ")");
        }
        for (ZoneCounter zone : scene.zones()) {
            out.printf("zone %-12s entered %5d  exited %5d  max occupancy %3d%n", zone.name(), zone.entered(), zone.exited(),
                    zone.maxOccupancy());
        }
        out.flush();
        return 0;
    }
}
