package dev.vigia.pipeline.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The parameters {@code vigia tune tracker} searches per tracker, each with a range that makes
 * sense for it: score thresholds within the scores detectors give, buffers from a third of a
 * second to a few seconds at 30 fps, IoU gates from loose to strict. Left alone: what is not about
 * association quality (min_box_area, class_aware, camera-motion settings).
 */
public final class TrackerSearchSpace {

    /** One parameter: a whole number in [min, max], or a number in [min, max] on a grid of {@code step}. */
    record Range(String key, double min, double max, double step, boolean whole) {

        String sample(Random random) {
            if (whole) {
                return Integer.toString((int) min + random.nextInt((int) (max - min) + 1));
            }
            long steps = Math.round((max - min) / step);
            return format(min + step * random.nextInt((int) steps + 1));
        }

        static String format(double value) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
    }

    private static final List<Range> BYTE_TRACK = List.of(
            new Range("track_thresh", 0.2, 0.7, 0.05, false),
            new Range("low_thresh", 0.05, 0.3, 0.05, false),
            new Range("new_track_thresh", 0.3, 0.8, 0.05, false),
            new Range("match_thresh", 0.6, 0.95, 0.05, false),
            new Range("track_buffer", 10, 120, 1, true));

    private static final Map<String, List<Range>> SPACES = Map.of(
            "bytetrack", BYTE_TRACK,
            "botsort", BYTE_TRACK,
            "ocsort", List.of(
                    new Range("det_thresh", 0.1, 0.6, 0.05, false),
                    new Range("max_age", 5, 90, 1, true),
                    new Range("min_hits", 1, 5, 1, true),
                    new Range("iou_threshold", 0.1, 0.5, 0.05, false),
                    new Range("delta_t", 1, 5, 1, true),
                    new Range("inertia", 0.05, 0.4, 0.05, false)),
            "sort", List.of(
                    new Range("max_age", 1, 30, 1, true),
                    new Range("min_hits", 1, 5, 1, true),
                    new Range("iou_threshold", 0.1, 0.5, 0.05, false)),
            "iou", List.of(
                    new Range("iou_threshold", 0.1, 0.6, 0.05, false),
                    new Range("min_hits", 1, 5, 1, true),
                    new Range("max_age", 1, 30, 1, true)));

    private TrackerSearchSpace() {}

    /** The keys searched for {@code tracker} (a tracker name). */
    public static List<String> keys(String tracker) {
        return ranges(tracker).stream().map(Range::key).toList();
    }

    /** One random point: a value for every searched key, as {@code --tracker-param} takes them. */
    static Map<String, String> sample(String tracker, Random random) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Range range : ranges(tracker)) {
            values.put(range.key(), range.sample(random));
        }
        if (values.containsKey("low_thresh")) {
            // ByteTrack requires low_thresh <= track_thresh: the low boxes are those below the high ones.
            double low = Double.parseDouble(values.get("low_thresh"));
            double high = Double.parseDouble(values.get("track_thresh"));
            values.put("low_thresh", Range.format(Math.min(low, high)));
        }
        return values;
    }

    private static List<Range> ranges(String tracker) {
        List<Range> ranges = SPACES.get(tracker);
        if (ranges == null) {
            throw new IllegalArgumentException("no search space for tracker '" + tracker + "'");
        }
        return ranges;
    }
}
