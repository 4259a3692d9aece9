package dev.vigia.pipeline.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One sequence prepared for the metrics, as TrackEval prepares it: ground-truth rows marked 0
 * ("do not consider") dropped, ids renumbered 0..n-1 in sorted order, and per frame the IoU of
 * every ground-truth box with every tracker box (boxes as x, y, w, h; no +1).
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

    SequenceData(List<MotFile.Row> gt, List<MotFile.Row> tracker) {
        List<MotFile.Row> considered = gt.stream().filter(r -> r.confidence() != 0).toList();
        Map<Integer, Integer> gtIndex = renumber(considered);
        Map<Integer, Integer> trackerIndex = renumber(tracker);
        int last = 0;
        for (MotFile.Row r : considered) {
            last = Math.max(last, r.frame());
        }
        for (MotFile.Row r : tracker) {
            last = Math.max(last, r.frame());
        }
        frames = last;
        List<List<MotFile.Row>> gtByFrame = byFrame(considered, last);
        List<List<MotFile.Row>> trackerByFrame = byFrame(tracker, last);
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
        trackerDetections = tracker.size();
    }

    private static Map<Integer, Integer> renumber(List<MotFile.Row> rows) {
        Map<Integer, Integer> index = new TreeMap<>();
        for (int id : new TreeSet<>(rows.stream().map(MotFile.Row::id).toList())) {
            index.put(id, index.size());
        }
        return index;
    }

    private static List<List<MotFile.Row>> byFrame(List<MotFile.Row> rows, int frames) {
        List<List<MotFile.Row>> byFrame = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            byFrame.add(new ArrayList<>());
        }
        for (MotFile.Row r : rows) {
            byFrame.get(r.frame() - 1).add(r);
        }
        return byFrame;
    }

    private static double iou(MotFile.Row a, MotFile.Row b) {
        double ix = Math.max(0, Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x()));
        double iy = Math.max(0, Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y()));
        double intersection = ix * iy;
        double union = a.w() * a.h() + b.w() * b.h() - intersection;
        return union > 0 ? intersection / union : 0;
    }
}
