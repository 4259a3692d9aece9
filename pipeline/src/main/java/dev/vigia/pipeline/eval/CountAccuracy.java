package dev.vigia.pipeline.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.pipeline.zones.CountingLayout;
import dev.vigia.pipeline.zones.LineCounter;
import dev.vigia.pipeline.zones.SceneCounter;
import dev.vigia.pipeline.zones.SceneListener;
import dev.vigia.pipeline.zones.ZoneCounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How far a tracker's counts are from the ground truth's: both track sets are replayed through
 * the monitor's own counters ({@link LineCounter}, {@link ZoneCounter}, fresh ones for each set)
 * and their crossings per line and direction, and entries and exits per zone, compared. An id
 * switch on a line shows up here as a count the ground truth does not have; a lost track as one
 * missing. Rows are prepared as {@code eval mot} prepares them ({@link SequenceData#prepare}).
 */
public final class CountAccuracy {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One counted quantity: a line's {@code in} or {@code out}, a zone's {@code entered} or {@code exited}. */
    public record Count(String kind, String name, String measure, long truth, long predicted) {

        /** Predicted minus true: positive when the tracker counts too many. */
        public long error() {
            return predicted - truth;
        }

        public long absoluteError() {
            return Math.abs(error());
        }

        /** |error| / truth; NaN when the ground truth counts nothing (no scale to measure against). */
        public double relativeError() {
            return truth == 0 ? Double.NaN : (double) absoluteError() / truth;
        }
    }

    /** Every line's and zone's counts, and their totals. */
    public record Report(List<Count> counts) {

        public Report {
            counts = List.copyOf(counts);
        }

        public long truth() {
            return counts.stream().mapToLong(Count::truth).sum();
        }

        public long predicted() {
            return counts.stream().mapToLong(Count::predicted).sum();
        }

        /** Net error: too many on one line and too few on another cancel here. */
        public long error() {
            return predicted() - truth();
        }

        /** Sum of each count's |error|: nothing cancels. */
        public long absoluteError() {
            return counts.stream().mapToLong(Count::absoluteError).sum();
        }

        /** {@link #absoluteError()} over the true total; NaN when the ground truth counts nothing. */
        public double relativeError() {
            long truth = truth();
            return truth == 0 ? Double.NaN : (double) absoluteError() / truth;
        }

        /**
         * {@code {"lines": {NAME: {"in": C, "out": C}}, "zones": {NAME: {"entered": C, "exited": C}}, "total": C}}
         * where each C is {@code {"gt", "pred", "error", "abs_error", "rel_error"}} ({@code rel_error}
         * null where the ground truth counts 0; the total's {@code abs_error} is {@link #absoluteError()}).
         */
        public ObjectNode toJson() {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode lines = root.putObject("lines");
            ObjectNode zones = root.putObject("zones");
            for (Count count : counts) {
                ObjectNode parent = count.kind().equals("line") ? lines : zones;
                ObjectNode item = parent.has(count.name()) ? (ObjectNode) parent.get(count.name()) : parent.putObject(count.name());
                put(item.putObject(count.measure()), count.truth(), count.predicted(), count.absoluteError(), count.relativeError());
            }
            put(root.putObject("total"), truth(), predicted(), absoluteError(), relativeError());
            return root;
        }

        private static void put(ObjectNode node, long truth, long predicted, long absoluteError, double relative) {
            node.put("gt", truth);
            node.put("pred", predicted);
            node.put("error", predicted - truth);
            node.put("abs_error", absoluteError);
            if (Double.isNaN(relative)) {
                node.putNull("rel_error");
            } else {
                node.put("rel_error", relative);
            }
        }
    }

    private CountAccuracy() {}

    /**
     * Compares the counts of two MOTChallenge files.
     *
     * @param benchmark how rows are prepared, as in {@code eval mot}; null picks it from the ground truth
     */
    public static Report compare(Path gt, Path predictions, CountingLayout layout, MotBenchmark benchmark) {
        return compare(MotFile.read(gt), MotFile.read(predictions), layout, benchmark, gt.toString(), predictions.toString());
    }

    /** As {@link #compare(Path, Path, CountingLayout, MotBenchmark)} on rows in memory; the names are what errors call them. */
    public static Report compare(List<MotFile.Row> gt, List<MotFile.Row> predictions, CountingLayout layout,
            MotBenchmark benchmark, String gtName, String predName) {
        SequenceData.Prepared prepared = SequenceData.prepare(gt, predictions,
                benchmark != null ? benchmark : MotBenchmark.detect(gt), gtName, predName);
        SceneCounter truth = layout.newScene(new SceneListener() {});
        SceneCounter predicted = layout.newScene(new SceneListener() {});
        replayByFrame(prepared.gtByFrame(), truth);
        replayByFrame(prepared.trackerByFrame(), predicted);
        List<Count> counts = new ArrayList<>();
        for (int i = 0; i < truth.lines().size(); i++) {
            LineCounter t = truth.lines().get(i);
            LineCounter p = predicted.lines().get(i);
            counts.add(new Count("line", t.name(), LineCounter.Direction.IN.key(), t.in(), p.in()));
            counts.add(new Count("line", t.name(), LineCounter.Direction.OUT.key(), t.out(), p.out()));
        }
        for (int i = 0; i < truth.zones().size(); i++) {
            ZoneCounter t = truth.zones().get(i);
            ZoneCounter p = predicted.zones().get(i);
            counts.add(new Count("zone", t.name(), "entered", t.entered(), p.entered()));
            counts.add(new Count("zone", t.name(), "exited", t.exited(), p.exited()));
        }
        return new Report(counts);
    }

    /**
     * One track file's line crossings and zone visits, counted as the monitor counts: a fresh scene
     * of {@code layout} with the rows {@linkplain #replay replayed} through it.
     */
    public static SceneCounter count(List<MotFile.Row> rows, CountingLayout layout) {
        SceneCounter scene = layout.newScene(new SceneListener() {});
        replay(rows, scene);
        return scene;
    }

    /**
     * Feeds a track file's rows to {@code scene} a frame at a time, as the monitor feeds its
     * confirmed tracks: frames in order, a frame's tracks in id order, gaps allowed. The frame
     * number stands for the time (only loitering reads it).
     */
    public static void replay(List<MotFile.Row> rows, SceneCounter scene) {
        List<MotFile.Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(MotFile.Row::frame).thenComparingInt(MotFile.Row::id));
        int i = 0;
        while (i < sorted.size()) {
            int frame = sorted.get(i).frame();
            scene.beginFrame(frame);
            for (; i < sorted.size() && sorted.get(i).frame() == frame; i++) {
                observe(scene, sorted.get(i));
            }
            scene.endFrame();
        }
    }

    private static void replayByFrame(List<List<MotFile.Row>> byFrame, SceneCounter scene) {
        for (int t = 0; t < byFrame.size(); t++) {
            if (byFrame.get(t).isEmpty()) {
                continue;
            }
            List<MotFile.Row> frame = new ArrayList<>(byFrame.get(t));
            frame.sort(Comparator.comparingInt(MotFile.Row::id));
            scene.beginFrame(t + 1);
            frame.forEach(r -> observe(scene, r));
            scene.endFrame();
        }
    }

    private static void observe(SceneCounter scene, MotFile.Row r) {
        scene.observe(r.id(), r.classId(), r.x(), r.y(), r.x() + r.w(), r.y() + r.h());
    }
}
