package dev.vigia.pipeline.precision;

import dev.vigia.models.boxes.Detections;
import java.util.Arrays;
import java.util.Locale;

/**
 * How far one precision's detections are from another's on the same images: boxes matched by
 * class and IoU, how far matched boxes moved, and detections one side has and the other lacks.
 * A detection scored near the threshold may cross it when the scores move a little; only one
 * scored at least {@link #SCORE_MARGIN} above the threshold counts as gained or lost.
 */
final class DetectionDrift {

    /** A gained or lost detection counts only when scored at least this far above the threshold. */
    static final float SCORE_MARGIN = 0.05f;
    /** Two boxes of the same class overlapping at least this much are the same detection. */
    static final double MATCH_IOU = 0.5;
    /** A matched box moved "within" when no corner coordinate moved more than this. */
    static final double MAX_SHIFT_PX = 1.0;

    private final float threshold;
    private int matched;
    private int matchedWithin;
    private double largestShift;
    private int gainedOrLost;

    DetectionDrift(float threshold) {
        this.threshold = threshold;
    }

    /** Adds one image: {@code reference} (fp32) against {@code other} (bf16). */
    void add(Detections reference, Detections other) {
        boolean[] taken = new boolean[other.size()];
        for (int r : byScore(reference)) {
            if (reference.score(r) < threshold - SCORE_MARGIN) {
                continue;
            }
            int best = -1;
            double bestIou = MATCH_IOU;
            for (int o = 0; o < other.size(); o++) {
                if (!taken[o] && other.classId(o) == reference.classId(r) && other.score(o) >= threshold - SCORE_MARGIN) {
                    double iou = iou(reference, r, other, o);
                    if (iou >= bestIou) {
                        bestIou = iou;
                        best = o;
                    }
                }
            }
            if (best < 0) {
                gainedOrLost += reference.score(r) >= threshold + SCORE_MARGIN ? 1 : 0;
                continue;
            }
            taken[best] = true;
            if (reference.score(r) >= threshold && other.score(best) >= threshold) {
                double shift = shift(reference, r, other, best);
                matched++;
                matchedWithin += shift <= MAX_SHIFT_PX ? 1 : 0;
                largestShift = Math.max(largestShift, shift);
            }
        }
        for (int o = 0; o < other.size(); o++) {
            if (!taken[o] && other.score(o) >= threshold + SCORE_MARGIN) {
                gainedOrLost++;
            }
        }
    }

    int matched() {
        return matched;
    }

    /** The share of matched boxes that moved at most {@link #MAX_SHIFT_PX}; 1 when none matched. */
    double shareWithin() {
        return matched == 0 ? 1 : matchedWithin / (double) matched;
    }

    double largestShift() {
        return largestShift;
    }

    int gainedOrLost() {
        return gainedOrLost;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d boxes within %.0f px (largest shift %.1f px), %d gained or lost",
                matchedWithin, matched, MAX_SHIFT_PX, largestShift, gainedOrLost);
    }

    private static Integer[] byScore(Detections d) {
        Integer[] order = new Integer[d.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(d.score(b), d.score(a)));
        return order;
    }

    private static double shift(Detections a, int i, Detections b, int j) {
        return Math.max(Math.max(Math.abs(a.x1(i) - b.x1(j)), Math.abs(a.y1(i) - b.y1(j))),
                Math.max(Math.abs(a.x2(i) - b.x2(j)), Math.abs(a.y2(i) - b.y2(j))));
    }

    private static double iou(Detections a, int i, Detections b, int j) {
        double w = Math.min(a.x2(i), b.x2(j)) - Math.max(a.x1(i), b.x1(j));
        double h = Math.min(a.y2(i), b.y2(j)) - Math.max(a.y1(i), b.y1(j));
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        double areaA = (a.x2(i) - a.x1(i)) * (a.y2(i) - a.y1(i));
        double areaB = (b.x2(j) - b.x1(j)) * (b.y2(j) - b.y1(j));
        return inter / (areaA + areaB - inter);
    }
}
