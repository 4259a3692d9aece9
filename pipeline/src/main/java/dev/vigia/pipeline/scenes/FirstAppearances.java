package dev.vigia.pipeline.scenes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each object comes into the picture, from the ground truth: the yardstick of "first
 * detection within a second of an object's appearance". An identity that leaves and comes back
 * appears again (a frame without it ends an appearance).
 */
public final class FirstAppearances {

    /** The share of an object's mask in sight from which it counts as seen (it has stepped in, not a sliver at the edge). */
    public static final double SEEN_VISIBILITY = 0.5;

    /**
     * One stay in the picture; frames 1-based as in {@code gt.txt}.
     *
     * @param firstFrame the first frame with any of the object's mask inside the picture
     * @param seenFrame the first frame with at least {@link #SEEN_VISIBILITY} of it in sight (0 if never)
     */
    public record Appearance(int id, int firstFrame, int seenFrame, int lastFrame) {}

    private FirstAppearances() {}

    /** The appearances in {@code rows} (any order), ordered by their first frame, then id. */
    public static List<Appearance> of(List<GroundTruthRow> rows) {
        Map<Integer, List<GroundTruthRow>> byId = new TreeMap<>();
        for (GroundTruthRow row : rows) {
            byId.computeIfAbsent(row.id(), k -> new ArrayList<>()).add(row);
        }
        List<Appearance> appearances = new ArrayList<>();
        for (List<GroundTruthRow> own : byId.values()) {
            own.sort(Comparator.comparingInt(GroundTruthRow::frame));
            int first = -1;
            int seen = 0;
            int previous = -1;
            for (GroundTruthRow row : own) {
                if (first >= 0 && row.frame() != previous + 1) {
                    appearances.add(new Appearance(row.id(), first, seen, previous));
                    first = -1;
                }
                if (first < 0) {
                    first = row.frame();
                    seen = 0;
                }
                if (seen == 0 && row.visibility() >= SEEN_VISIBILITY) {
                    seen = row.frame();
                }
                previous = row.frame();
            }
            if (first >= 0) {
                appearances.add(new Appearance(own.get(0).id(), first, seen, previous));
            }
        }
        appearances.sort(Comparator.comparingInt(Appearance::firstFrame).thenComparingInt(Appearance::id));
        return appearances;
    }

    /** As JSON, with times in seconds from the video's start (frame 1 at 0 s). */
    public static ArrayNode toJson(List<Appearance> appearances, double fps) {
        ArrayNode list = new ObjectMapper().createArrayNode();
        for (Appearance a : appearances) {
            var node = list.addObject().put("id", a.id()).put("first_frame", a.firstFrame())
                    .put("first_time", seconds(a.firstFrame(), fps));
            if (a.seenFrame() > 0) {
                node.put("seen_frame", a.seenFrame()).put("seen_time", seconds(a.seenFrame(), fps));
            } else {
                node.putNull("seen_frame").putNull("seen_time");
            }
            node.put("last_frame", a.lastFrame()).put("last_time", seconds(a.lastFrame(), fps));
        }
        return list;
    }

    private static double seconds(int frame, double fps) {
        return Math.round((frame - 1) / fps * 1000) / 1000.0;
    }
}
