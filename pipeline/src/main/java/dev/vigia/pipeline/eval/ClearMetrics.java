package dev.vigia.pipeline.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CLEAR MOT metrics as TrackEval computes them: per frame, a Hungarian match that first keeps
 * last frame's pairs and then maximises IoU, over pairs with IoU ≥ 0.5; MOTA, MOTP (mean IoU of
 * matches), MODA, IDSW, Frag, MT/PT/ML (tracked over 80% / at least 20% / less).
 */
final class ClearMetrics {

    private static final double THRESHOLD = 0.5;
    private static final double EPS = Math.ulp(1.0);

    /** Sums that add up across sequences. */
    static final class Counts {
        long tp;
        long fn;
        long fp;
        long idsw;
        long mt;
        long pt;
        long ml;
        long frag;
        double motpSum;

        void add(Counts other) {
            tp += other.tp;
            fn += other.fn;
            fp += other.fp;
            idsw += other.idsw;
            mt += other.mt;
            pt += other.pt;
            ml += other.ml;
            frag += other.frag;
            motpSum += other.motpSum;
        }
    }

    private final MaxAssignment assignment = new MaxAssignment();

    Counts evaluate(SequenceData data) {
        Counts c = new Counts();
        int ids = data.gtIdCount;
        double[] idCount = new double[ids];
        double[] matchedCount = new double[ids];
        double[] fragCount = new double[ids];
        double[] previousTracker = new double[ids];
        double[] previousTimestepTracker = new double[ids];
        Arrays.fill(previousTracker, Double.NaN);
        Arrays.fill(previousTimestepTracker, Double.NaN);
        for (int t = 0; t < data.frames; t++) {
            int[] gt = data.gtIds[t];
            int[] tr = data.trackerIds[t];
            if (gt.length == 0) {
                c.fp += tr.length;
                continue;
            }
            if (tr.length == 0) {
                c.fn += gt.length;
                for (int g : gt) {
                    idCount[g]++;
                }
                continue;
            }
            double[][] similarity = data.similarity[t];
            double[][] score = new double[gt.length][tr.length];
            for (int i = 0; i < gt.length; i++) {
                for (int j = 0; j < tr.length; j++) {
                    double keeps = tr[j] == previousTimestepTracker[gt[i]] ? 1000 : 0;
                    score[i][j] = similarity[i][j] < THRESHOLD - EPS ? 0 : keeps + similarity[i][j];
                }
            }
            int[] match = assignment.solve(score);
            boolean[] notPreviouslyTracked = new boolean[ids];
            for (int g = 0; g < ids; g++) {
                notPreviouslyTracked[g] = Double.isNaN(previousTimestepTracker[g]);
            }
            Arrays.fill(previousTimestepTracker, Double.NaN);
            int matches = 0;
            for (int i = 0; i < gt.length; i++) {
                idCount[gt[i]]++;
                int j = match[i];
                if (j < 0 || !(score[i][j] > EPS)) {
                    continue;
                }
                matches++;
                int g = gt[i];
                if (!Double.isNaN(previousTracker[g]) && previousTracker[g] != tr[j]) {
                    c.idsw++;
                }
                matchedCount[g]++;
                previousTracker[g] = tr[j];
                previousTimestepTracker[g] = tr[j];
                c.motpSum += similarity[i][j];
            }
            for (int g = 0; g < ids; g++) {
                if (notPreviouslyTracked[g] && !Double.isNaN(previousTimestepTracker[g])) {
                    fragCount[g]++;
                }
            }
            c.tp += matches;
            c.fn += gt.length - matches;
            c.fp += tr.length - matches;
        }
        for (int g = 0; g < ids; g++) {
            if (idCount[g] > 0) {
                double ratio = matchedCount[g] / idCount[g];
                if (ratio > 0.8) {
                    c.mt++;
                } else if (ratio >= 0.2) {
                    c.pt++;
                }
            }
            if (fragCount[g] > 0) {
                c.frag += (long) fragCount[g] - 1;
            }
        }
        c.ml = ids - c.mt - c.pt;
        return c;
    }

    static Map<String, Double> finals(Counts c) {
        double gtIds = Math.max(1, c.mt + c.pt + c.ml);
        double gtDets = Math.max(1, c.tp + c.fn);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("MOTA", (c.tp - c.fp - c.idsw) / gtDets);
        m.put("MOTP", c.motpSum / Math.max(1, c.tp));
        m.put("MODA", (c.tp - c.fp) / gtDets);
        m.put("CLR_Re", c.tp / gtDets);
        m.put("CLR_Pr", c.tp / (double) Math.max(1, c.tp + c.fp));
        m.put("MTR", c.mt / gtIds);
        m.put("PTR", c.pt / gtIds);
        m.put("MLR", c.ml / gtIds);
        m.put("sMOTA", (c.motpSum - c.fp - c.idsw) / gtDets);
        m.put("CLR_TP", (double) c.tp);
        m.put("CLR_FN", (double) c.fn);
        m.put("CLR_FP", (double) c.fp);
        m.put("IDSW", (double) c.idsw);
        m.put("MT", (double) c.mt);
        m.put("PT", (double) c.pt);
        m.put("ML", (double) c.ml);
        m.put("Frag", (double) c.frag);
        return m;
    }
}
