package dev.vigia.pipeline.eval;

import dev.vigia.config.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One sequence prepared for the metrics, as TrackEval prepares it: for benchmarks with classes,
 * tracker boxes on distractors removed and only pedestrians kept ({@link MotBenchmark});
 * ground-truth rows marked 0 ("do not consider") dropped; ids renumbered 0..n-1 in sorted order;
 * and per frame the IoU of every ground-truth box with every tracker box (x, y, w, h; no +1).
 */
final class SequenceData {

    final int frames;
    final int[][] gtIds;
    final int[][] trackerIds;
    final double[][][] similarity;
    final int gtIdCount;
    final int trackerIdCount;
    final int gtDetections;
    final int trackerDetections;
    /** The scored rows by frame, before renumbering: what the re-entry count reads (it needs visibilities). */
    final Prepared prepared;

    /** Frames beyond this are refused: the metrics hold per-frame arrays up to the last frame. */
    static final int MAX_FRAME = 1_000_000;

    SequenceData(List<MotFile.Row> gt, List<MotFile.Row> tracker) {
        this(gt, tracker, MotBenchmark.detect(gt), "ground truth", "results");
    }

    /**
     * @param benchmark how TrackEval prepares this benchmark's sequences (distractors, classes)
     * @param gtName, trackerName what errors call the two files
     */
    SequenceData(List<MotFile.Row> gt, List<MotFile.Row> tracker, MotBenchmark benchmark, String gtName, String trackerName) {
        prepared = prepare(gt, tracker, benchmark, gtName, trackerName);
        int last = prepared.gtByFrame().size();
        List<List<MotFile.Row>> gtByFrame = prepared.gtByFrame();
        List<List<MotFile.Row>> trackerByFrame = prepared.trackerByFrame();
        List<MotFile.Row> considered = gtByFrame.stream().flatMap(List::stream).toList();
        List<MotFile.Row> keptTracker = trackerByFrame.stream().flatMap(List::stream).toList();
        Map<Integer, Integer> gtIndex = renumber(considered);
        Map<Integer, Integer> trackerIndex = renumber(keptTracker);
        frames = last;
        gtIds = new int[last][];
        trackerIds = new int[last][];
        similarity = new double[last][][];
        for (int t = 0; t < last; t++) {
            List<MotFile.Row> g = gtByFrame.get(t);
            List<MotFile.Row> p = trackerByFrame.get(t);
            gtIds[t] = g.stream().mapToInt(r -> gtIndex.get(r.id())).toArray();
            trackerIds[t] = p.stream().mapToInt(r -> trackerIndex.get(r.id())).toArray();
            similarity[t] = new double[g.size()][p.size()];
            for (int i = 0; i < g.size(); i++) {
                for (int j = 0; j < p.size(); j++) {
                    similarity[t][i][j] = iou(g.get(i), p.get(j));
                }
            }
        }
        gtIdCount = gtIndex.size();
        trackerIdCount = trackerIndex.size();
        gtDetections = considered.size();
        trackerDetections = keptTracker.size();
    }

    /** The rows that are scored, by frame (index 0 is frame 1), before ids are renumbered. */
    record Prepared(List<List<MotFile.Row>> gtByFrame, List<List<MotFile.Row>> trackerByFrame) {}

    /**
     * TrackEval's preprocessing, frame by frame: for benchmarks with classes, tracker rows matched
     * to a distractor are removed and only pedestrian ground truth is kept; ground-truth rows
     * marked 0 are dropped.
     */
    static Prepared prepare(List<MotFile.Row> gt, List<MotFile.Row> tracker, MotBenchmark benchmark, String gtName,
            String trackerName) {
        if (benchmark.hasClasses()) {
            benchmark.checkClasses(gt, gtName);
        }
        int last = Math.max(lastFrame(gt, gtName), lastFrame(tracker, trackerName));
        List<List<MotFile.Row>> allGt = byFrame(gt, last, gtName);
        List<List<MotFile.Row>> allTracker = byFrame(tracker, last, trackerName);
        List<List<MotFile.Row>> gtByFrame = new ArrayList<>();
        List<List<MotFile.Row>> trackerByFrame = new ArrayList<>();
        MaxAssignment assignment = new MaxAssignment();
        for (int t = 0; t < last; t++) {
            List<MotFile.Row> g = allGt.get(t);
            List<MotFile.Row> p = allTracker.get(t);
            List<MotFile.Row> keptTracker = p;
            if (benchmark.hasClasses() && !g.isEmpty() && !p.isEmpty()) {
                keptTracker = withoutDistractorMatches(g, p, benchmark, assignment);
            }
            List<MotFile.Row> keptGt = new ArrayList<>();
            for (MotFile.Row r : g) {
                if (r.confidence() != 0 && (!benchmark.hasClasses() || r.classId() == MotBenchmark.PEDESTRIAN)) {
                    keptGt.add(r);
                }
            }
            gtByFrame.add(keptGt);
            trackerByFrame.add(keptTracker);
        }
        return new Prepared(gtByFrame, trackerByFrame);
    }

    /**
     * Tracker boxes left after removing those matched to a distractor's box: IoU below 0.5 counts
     * as no overlap, the matching maximises the summed IoU, and only pairs that overlap count.
     */
    private static List<MotFile.Row> withoutDistractorMatches(List<MotFile.Row> g, List<MotFile.Row> p, MotBenchmark benchmark,
            MaxAssignment assignment) {
        double eps = Math.ulp(1.0);
        double[][] score = new double[g.size()][p.size()];
        for (int i = 0; i < g.size(); i++) {
            for (int j = 0; j < p.size(); j++) {
                double overlap = iou(g.get(i), p.get(j));
                score[i][j] = overlap < 0.5 - eps ? 0 : overlap;
            }
        }
        boolean[] removed = new boolean[p.size()];
        int[] rowToColumn = assignment.solve(score);
        for (int i = 0; i < rowToColumn.length; i++) {
            int j = rowToColumn[i];
            if (j >= 0 && score[i][j] > eps && benchmark.isDistractor(g.get(i).classId())) {
                removed[j] = true;
            }
        }
        List<MotFile.Row> kept = new ArrayList<>();
        for (int j = 0; j < p.size(); j++) {
            if (!removed[j]) {
                kept.add(p.get(j));
            }
        }
        return kept;
    }

    private static int lastFrame(List<MotFile.Row> rows, String file) {
        int last = 0;
        for (MotFile.Row r : rows) {
            if (r.frame() > MAX_FRAME) {
                throw new UserError(file + ": frame " + r.frame() + " is beyond the " + MAX_FRAME
                        + " frames a sequence may have; check the frame column");
            }
            last = Math.max(last, r.frame());
        }
        return last;
    }

    private static Map<Integer, Integer> renumber(List<MotFile.Row> rows) {
        Map<Integer, Integer> index = new TreeMap<>();
        for (int id : new TreeSet<>(rows.stream().map(MotFile.Row::id).toList())) {
            index.put(id, index.size());
        }
        return index;
    }

    /** Rows by frame; an id twice in one frame is an error, as in TrackEval. */
    private static List<List<MotFile.Row>> byFrame(List<MotFile.Row> rows, int frames, String file) {
        List<List<MotFile.Row>> byFrame = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            byFrame.add(new ArrayList<>());
        }
        for (MotFile.Row r : rows) {
            List<MotFile.Row> frame = byFrame.get(r.frame() - 1);
            for (MotFile.Row other : frame) {
                if (other.id() == r.id()) {
                    throw new UserError(file + ": id " + r.id() + " appears more than once in frame " + r.frame()
                            + "; each id may have one box per frame");
                }
            }
            frame.add(r);
        }
        return byFrame;
    }

    static double iou(MotFile.Row a, MotFile.Row b) {
        double ix = Math.max(0, Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x()));
        double iy = Math.max(0, Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y()));
        double intersection = ix * iy;
        double union = a.w() * a.h() + b.w() * b.h() - intersection;
        return union > 0 ? intersection / union : 0;
    }
}
