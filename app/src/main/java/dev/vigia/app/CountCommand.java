package dev.vigia.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.eval.MotFile;
import dev.vigia.pipeline.zones.Anchor;
import dev.vigia.pipeline.zones.LineCounter;
import dev.vigia.pipeline.zones.Polygon;
import dev.vigia.pipeline.zones.SceneCounter;
import dev.vigia.pipeline.zones.SceneListener;
import dev.vigia.pipeline.zones.ZoneCounter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Line crossings and zone visits counted from a MOT track file, with the monitor's own counting. */
@Command(name = "count", mixinStandardHelpOptions = true,
        description = {"Count line crossings and zone visits in a MOTChallenge track file (every row a confirmed",
                "observation; a track's rows taken in frame order, gaps allowed). Same counting as 'vigia monitor'."})
final class CountCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--tracks", required = true, paramLabel = "MOT.txt", description = "Tracks: frame,id,x,y,w,h,conf[,class,...].")
    Path tracks;

    @Option(names = "--line", paramLabel = "NAME=x1,y1,x2,y2",
            description = "A counting line from A to B in pixels; crossing to the positive side of (B-A)x(P-A) is 'in'. Repeatable.")
    List<String> lines = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "NAME=x1,y1,x2,y2,x3,y3,...", description = "A zone polygon in pixels. Repeatable.")
    List<String> zones = new ArrayList<>();

    @Option(names = "--anchor", paramLabel = "bottom_center|center", defaultValue = "bottom_center",
            description = "The point of a box that counts (default: ${DEFAULT-VALUE}).")
    String anchor;

    @Option(names = "--min-frames", paramLabel = "K", defaultValue = "2",
            description = "Observations the new side must hold before a crossing counts (default: ${DEFAULT-VALUE}).")
    int minFrames;

    @Option(names = "--inertia", paramLabel = "K", defaultValue = "3",
            description = "Observations inside (outside) before a track has entered (left) a zone (default: ${DEFAULT-VALUE}).")
    int inertia;

    @Option(names = "--labels", paramLabel = "SET|FILE", defaultValue = "coco80",
            description = "Names of the class column's ids (default: ${DEFAULT-VALUE}); rows without a class count as 'object'.")
    String labels;

    @Option(names = "--json", description = "Print {\"lines\": {NAME: {\"in\", \"out\", \"by_class\"}}, \"zones\": {NAME: {\"entered\", \"exited\", \"max_occupancy\"}}}.")
    boolean json;

    @Override
    public Integer call() {
        if (lines.isEmpty() && zones.isEmpty()) {
            throw new UserError("Nothing to count; give at least one --line NAME=x1,y1,x2,y2 or --zone NAME=x1,y1,x2,y2,x3,y3");
        }
        Anchor point = Anchor.parse(anchor);
        if (point == null) {
            throw new UserError("--anchor '" + anchor + "' is not bottom_center or center");
        }
        if (minFrames < 1 || inertia < 1) {
            throw new UserError("--min-frames and --inertia must be 1 or more, got " + minFrames + " and " + inertia);
        }
        LabelMap names = LabelMap.resolve(labels);
        SceneCounter scene = new SceneCounter(parseLines(point), parseZones(point), new SceneListener() {});
        List<MotFile.Row> rows = new ArrayList<>(MotFile.read(tracks));
        rows.sort(Comparator.comparingInt(MotFile.Row::frame));
        Iterator<MotFile.Row> it = rows.iterator();
        MotFile.Row next = it.hasNext() ? it.next() : null;
        while (next != null) {
            int frame = next.frame();
            scene.beginFrame(frame);
            while (next != null && next.frame() == frame) {
                scene.observe(next.id(), next.classId(), next.x(), next.y(), next.x() + next.w(), next.y() + next.h());
                next = it.hasNext() ? it.next() : null;
            }
            scene.endFrame();
        }
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

    private List<LineCounter> parseLines(Anchor point) {
        List<LineCounter> counters = new ArrayList<>();
        for (String text : lines) {
            Map.Entry<String, double[]> line = named("--line", text);
            if (line.getValue().length != 4) {
                throw new UserError("--line '" + text + "': a line is NAME=x1,y1,x2,y2 (4 numbers), got " + line.getValue().length);
            }
            double[] p = line.getValue();
            try {
                counters.add(new LineCounter(line.getKey(), p[0], p[1], p[2], p[3], minFrames, point, c -> true));
            } catch (IllegalArgumentException e) {
                throw new UserError("--line '" + text + "': " + e.getMessage());
            }
        }
        return counters;
    }

    private List<ZoneCounter> parseZones(Anchor point) {
        List<ZoneCounter> counters = new ArrayList<>();
        for (String text : zones) {
            Map.Entry<String, double[]> zone = named("--zone", text);
            double[] v = zone.getValue();
            if (v.length % 2 != 0) {
                throw new UserError("--zone '" + text + "': a zone is NAME=x1,y1,x2,y2,x3,y3,... (pairs), got " + v.length + " numbers");
            }
            double[][] points = new double[v.length / 2][];
            for (int i = 0; i < points.length; i++) {
                points[i] = new double[] {v[2 * i], v[2 * i + 1]};
            }
            try {
                counters.add(new ZoneCounter(zone.getKey(), Polygon.of(points), point, inertia, 0, c -> true));
            } catch (IllegalArgumentException e) {
                throw new UserError("--zone '" + text + "': " + e.getMessage());
            }
        }
        return counters;
    }

    private static Map.Entry<String, double[]> named(String flag, String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new UserError(flag + " '" + text + "': give it a name, as NAME=x1,y1,...");
        }
        String[] fields = text.substring(eq + 1).split(",");
        double[] values = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
            try {
                values[i] = Double.parseDouble(fields[i].strip());
            } catch (NumberFormatException e) {
                throw new UserError(flag + " '" + text + "': '" + fields[i] + "' is not a number");
            }
        }
        return Map.entry(text.substring(0, eq).strip(), values);
    }
}
