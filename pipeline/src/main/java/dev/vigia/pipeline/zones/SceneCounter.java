package dev.vigia.pipeline.zones;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The lines and zones of one camera, fed a frame at a time: {@link #beginFrame}, an
 * {@link #observe} per confirmed track, {@link #endFrame}. The same counting serves the live
 * monitor and {@code vigia count} on a track file.
 */
public final class SceneCounter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<LineCounter> lines;
    private final List<ZoneCounter> zones;
    private final SceneListener listener;
    private double timeSeconds;

    public SceneCounter(List<LineCounter> lines, List<ZoneCounter> zones, SceneListener listener) {
        this.lines = List.copyOf(lines);
        this.zones = List.copyOf(zones);
        this.listener = listener;
    }

    public void beginFrame(double frameTimeSeconds) {
        this.timeSeconds = frameTimeSeconds;
        for (ZoneCounter zone : zones) {
            zone.beginFrame();
        }
    }

    public void observe(int trackId, int classId, double x1, double y1, double x2, double y2) {
        for (LineCounter line : lines) {
            LineCounter.Direction crossed = line.observe(trackId, classId, x1, y1, x2, y2);
            if (crossed != null) {
                listener.lineCrossed(line, trackId, classId, crossed);
            }
        }
        for (ZoneCounter zone : zones) {
            ZoneCounter.Change change = zone.observe(trackId, classId, x1, y1, x2, y2, timeSeconds);
            if (change != null) {
                listener.zoneChanged(zone, trackId, classId, change);
            }
        }
    }

    public void endFrame() {
        for (ZoneCounter zone : zones) {
            zone.endFrame();
        }
    }

    /** Drops what is kept about an ended track. */
    public void forget(int trackId) {
        for (LineCounter line : lines) {
            line.forget(trackId);
        }
        for (ZoneCounter zone : zones) {
            zone.forget(trackId);
        }
    }

    public List<LineCounter> lines() {
        return lines;
    }

    public List<ZoneCounter> zones() {
        return zones;
    }

    /**
     * {@code {"lines": {NAME: {"in", "out", "by_class": {CLASS: {"in", "out"}}}}, "zones": {NAME:
     * {"entered", "exited", "max_occupancy", "occupancy", "occupancy_by_class"}}}}: the live figures.
     */
    public ObjectNode toJson(IntFunction<String> className) {
        ObjectNode root = countsJson(className);
        for (ZoneCounter zone : zones) {
            ObjectNode node = (ObjectNode) root.get("zones").get(zone.name());
            node.put("occupancy", zone.occupancy());
            ObjectNode byClass = node.putObject("occupancy_by_class");
            zone.occupancyByClass().forEach((classId, count) -> byClass.put(className.apply(classId), count));
        }
        return root;
    }

    /**
     * As {@link #toJson} without the zones' occupancy now, which means something only while tracks
     * are live: what a count over a finished track file reports.
     */
    public ObjectNode countsJson(IntFunction<String> className) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode lineNodes = root.putObject("lines");
        for (LineCounter line : lines) {
            ObjectNode node = lineNodes.putObject(line.name());
            node.put("in", line.in());
            node.put("out", line.out());
            ObjectNode byClass = node.putObject("by_class");
            for (Map.Entry<Integer, long[]> entry : line.byClass().entrySet()) {
                ObjectNode counts = byClass.putObject(className.apply(entry.getKey()));
                counts.put("in", entry.getValue()[0]);
                counts.put("out", entry.getValue()[1]);
            }
        }
        ObjectNode zoneNodes = root.putObject("zones");
        for (ZoneCounter zone : zones) {
            ObjectNode node = zoneNodes.putObject(zone.name());
            node.put("entered", zone.entered());
            node.put("exited", zone.exited());
            node.put("max_occupancy", zone.maxOccupancy());
        }
        return root;
    }
}
