package dev.vigia.monitor.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One tracked-object event, the payload of the JSON Lines log, MQTT and the dashboard.
 * {@code type} is {@code new}, {@code update} or {@code end}; an update says why in {@code reason}:
 * {@code zone_entered}, {@code zone_left}, {@code loitering}, {@code line_crossed} or
 * {@code better_snapshot}. Times are seconds since the epoch; the box is x1, y1, x2, y2 in pixels.
 */
public record ObjectEvent(String type, String reason, String id, String camera, int trackId, String label, double score,
        double topScore, float[] box, List<String> currentZones, List<String> enteredZones, String zone, String line,
        String direction, double startTime, double endTime, double time, String snapshot, String snapshotUrl, String clip,
        String clipUrl) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        if (reason != null) {
            node.put("reason", reason);
        }
        node.put("id", id);
        node.put("camera", camera);
        node.put("track_id", trackId);
        node.put("label", label);
        node.put("score", round(score));
        node.put("top_score", round(topScore));
        ArrayNode boxNode = node.putArray("box");
        for (float v : box) {
            boxNode.add(Math.round(v * 10) / 10.0);
        }
        currentZones.forEach(node.putArray("current_zones")::add);
        enteredZones.forEach(node.putArray("entered_zones")::add);
        if (zone != null) {
            node.put("zone", zone);
        }
        if (line != null) {
            node.put("line", line);
            node.put("direction", direction);
        }
        node.put("start_time", startTime);
        if (endTime > 0) {
            node.put("end_time", endTime);
        } else {
            node.putNull("end_time");
        }
        node.put("time", time);
        putPath(node, "snapshot", snapshot, snapshotUrl);
        putPath(node, "clip", clip, clipUrl);
        return node;
    }

    private static void putPath(ObjectNode node, String key, String path, String url) {
        if (path == null) {
            node.putNull(key);
            return;
        }
        node.put(key, path);
        node.put(key + "_url", url);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
