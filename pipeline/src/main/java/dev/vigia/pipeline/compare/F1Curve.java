package dev.vigia.pipeline.compare;

import dev.vigia.models.eval.BoxSet;
import dev.vigia.models.eval.Dataset;
import java.util.Arrays;

/**
 * F1 against the confidence threshold, all classes pooled: detections are matched greedily in
 * score order, per image and class, to the unmatched ground truth they overlap most (IoU ≥ 0.5,
 * continuous boxes). Raising the threshold keeps a prefix of that order, so one matching serves
 * every threshold.
 */
final class F1Curve {

    private F1Curve() {}

    /** F1 at confidence 0.00, 0.01, ..., 1.00. */
    static double[] of(Dataset data) {
        BoxSet gt = data.groundTruth();
        BoxSet dt = data.detections();
        Integer[] order = new Integer[dt.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(dt.score(b), dt.score(a)));
        boolean[] taken = new boolean[gt.size()];
        boolean[] hit = new boolean[dt.size()];
        for (int d : order) {
            int best = -1;
            double bestIou = 0.5;
            for (int g = 0; g < gt.size(); g++) {
                if (!taken[g] && gt.image(g) == dt.image(d) && gt.category(g) == dt.category(d)) {
                    double overlap = iou(dt, d, gt, g);
                    if (overlap >= bestIou) {
                        bestIou = overlap;
                        best = g;
                    }
                }
            }
            if (best >= 0) {
                taken[best] = true;
                hit[d] = true;
            }
        }
        double[] f1 = new double[101];
        for (int c = 0; c <= 100; c++) {
            double threshold = c / 100.0;
            int tp = 0;
            int fp = 0;
            for (int d = 0; d < dt.size(); d++) {
                if (dt.score(d) >= threshold) {
                    if (hit[d]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            int fn = gt.size() - tp;
            f1[c] = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return f1;
    }

    private static double iou(BoxSet dt, int d, BoxSet gt, int g) {
        double iw = Math.min(dt.x(d) + dt.w(d), gt.x(g) + gt.w(g)) - Math.max(dt.x(d), gt.x(g));
        double ih = Math.min(dt.y(d) + dt.h(d), gt.y(g) + gt.h(g)) - Math.max(dt.y(d), gt.y(g));
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double intersection = iw * ih;
        return intersection / (dt.w(d) * dt.h(d) + gt.w(g) * gt.h(g) - intersection);
    }
}
