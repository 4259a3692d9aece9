package dev.vigia.pipeline.scenes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.pipeline.zones.Anchor;
import dev.vigia.pipeline.zones.LineCounter;
import dev.vigia.pipeline.zones.Polygon;
import dev.vigia.pipeline.zones.ZoneCounter;
import java.util.List;

/**
 * The line crossings and zone entries a perfect tracker would report on a sequence: the monitor's
 * own counters ({@link LineCounter}, {@link ZoneCounter}, anchored at the bottom centre of the box,
 * the feet) fed the ground truth's boxes, one observation per frame an actor is in the picture, at
 * the strictest settings (a side or a zone holds after one observation: ground truth does not jitter).
 */
public final class ExpectedCounts {

    public static final String LINE_NAME = "walkway";
    public static final String ZONE_NAME = "corner";

    private ExpectedCounts() {}

    /** {@code rows} in frame order. */
    public static ObjectNode of(SceneScript script, List<GroundTruthRow> rows) {
        double[] l = script.line();
        LineCounter line = new LineCounter(LINE_NAME, l[0], l[1], l[2], l[3], 1, Anchor.BOTTOM_CENTER, c -> true);
        double[][] corners = new double[script.zone().length / 2][];
        for (int i = 0; i < corners.length; i++) {
            corners[i] = new double[] {script.zone()[i * 2], script.zone()[i * 2 + 1]};
        }
        ZoneCounter zone = new ZoneCounter(ZONE_NAME, Polygon.of(corners), Anchor.BOTTOM_CENTER, 1, 0, c -> true);
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("anchor", Anchor.BOTTOM_CENTER.configName());
        report.put("min_frames", 1);
        report.put("inertia", 1);
        ArrayNode crossings = json.createArrayNode();
        ArrayNode entries = json.createArrayNode();
        int frame = -1;
        for (GroundTruthRow row : rows) {
            if (row.frame() != frame) {
                if (frame >= 0) {
                    zone.endFrame();
                }
                zone.beginFrame();
                frame = row.frame();
            }
            double x1 = row.left();
            double y1 = row.top();
            double x2 = row.left() + row.width();
            double y2 = row.top() + row.height();
            LineCounter.Direction crossed = line.observe(row.id(), 1, x1, y1, x2, y2);
            if (crossed != null) {
                crossings.addObject().put("frame", row.frame()).put("id", row.id()).put("direction", crossed.key());
            }
            ZoneCounter.Change change = zone.observe(row.id(), 1, x1, y1, x2, y2, (row.frame() - 1) / script.fps());
            if (change == ZoneCounter.Change.ENTERED) {
                entries.addObject().put("frame", row.frame()).put("id", row.id());
            }
        }
        ObjectNode lineNode = report.putObject("lines").putObject(LINE_NAME);
        lineNode.put("option", script.lineOption(LINE_NAME));
        lineNode.put("in", line.in());
        lineNode.put("out", line.out());
        lineNode.set("crossings", crossings);
        ObjectNode zoneNode = report.putObject("zones").putObject(ZONE_NAME);
        zoneNode.put("option", script.zoneOption(ZONE_NAME));
        zoneNode.put("entered", zone.entered());
        zoneNode.put("exited", zone.exited());
        zoneNode.set("entries", entries);
        return report;
    }
}
