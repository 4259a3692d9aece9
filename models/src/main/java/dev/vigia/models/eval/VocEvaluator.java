package dev.vigia.models.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pascal VOC average precision at one IoU threshold, per class and their mean: detections of a
 * class by descending confidence (ties in file order), each matched to the unmatched ground
 * truth it overlaps most in its image if that IoU exceeds the threshold; a match on a
 * {@code difficult} object counts neither way, a second match on one object is a false
 * positive. AP is VOC2007's 11-point interpolation ({@code voc07}) or the area under the
 * monotone precision envelope at every recall step (VOC2010+, {@code voc}).
 *
 * <p>IoU follows the devkit's pixel-inclusive convention by default (a box from x1 to x2 is
 * x2 − x1 + 1 pixels wide); {@code inclusive = false} measures boxes as continuous.
 */
public final class VocEvaluator {

    /** How AP is read off the precision–recall curve. */
    public enum Interpolation { ELEVEN_POINT, ALL_POINT }

    /**
     * @param mean the mean AP over classes with ground truth
     * @param perClass per class name: AP, ground-truth count and detection count
     */
    public record Result(double mean, Map<String, Map<String, Double>> perClass) {}

    private VocEvaluator() {}

    public static Result evaluate(Dataset data, double iouThreshold, Interpolation interpolation, boolean inclusive) {
        BoxSet gt = data.groundTruth();
        BoxSet dt = data.detections();
        int categories = data.categories();
        BoxSet.Groups gtGroups = gt.groups(categories);
        Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
        double sum = 0;
        int scored = 0;
        for (int k = 0; k < categories; k++) {
            int positives = 0;
            for (int i = 0; i < gt.size(); i++) {
                if (gt.category(i) == k && !gt.difficult(i)) {
                    positives++;
                }
            }
            int detections = 0;
            for (int i = 0; i < dt.size(); i++) {
                if (dt.category(i) == k) {
                    detections++;
                }
            }
            int[] ofClass = new int[detections];
            for (int i = 0, n = 0; i < dt.size(); i++) {
                if (dt.category(i) == k) {
                    ofClass[n++] = i;
                }
            }
            if (positives == 0) {
                continue;
            }
            int[] order = StableSort.byDescending(ofClass, dt::score);
            boolean[] taken = new boolean[gt.size()];
            double[] tp = new double[order.length];
            double[] fp = new double[order.length];
            double tpSum = 0;
            double fpSum = 0;
            for (int r = 0; r < order.length; r++) {
                int d = order[r];
                int group = gtGroups.find(dt.image(d) * categories + k);
                double best = Double.NEGATIVE_INFINITY;
                int bestGt = -1;
                if (group >= 0) {
                    for (int s = gtGroups.starts()[group]; s < gtGroups.starts()[group + 1]; s++) {
                        int g = gtGroups.order()[s];
                        double overlap = iou(dt, d, gt, g, inclusive);
                        if (overlap > best) {
                            best = overlap;
                            bestGt = g;
                        }
                    }
                }
                if (bestGt >= 0 && best > iouThreshold) {
                    if (!gt.difficult(bestGt)) {
                        if (!taken[bestGt]) {
                            taken[bestGt] = true;
                            tpSum++;
                        } else {
                            fpSum++;
                        }
                    }
                } else {
                    fpSum++;
                }
                tp[r] = tpSum;
                fp[r] = fpSum;
            }
            double[] recall = new double[order.length];
            double[] precision = new double[order.length];
            for (int r = 0; r < order.length; r++) {
                recall[r] = tp[r] / positives;
                precision[r] = tp[r] / Math.max(tp[r] + fp[r], Math.ulp(1.0));
            }
            double ap = interpolation == Interpolation.ELEVEN_POINT ? elevenPoint(recall, precision) : allPoint(recall, precision);
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("AP", ap);
            row.put("ground_truth", (double) positives);
            row.put("detections", (double) detections);
            perClass.put(data.categoryNames().get(k), row);
            sum += ap;
            scored++;
        }
        return new Result(scored == 0 ? 0 : sum / scored, perClass);
    }

    /** VOC2007: the mean over recall 0, 0.1, ..., 1 of the best precision at that recall or beyond. */
    static double elevenPoint(double[] recall, double[] precision) {
        double ap = 0;
        for (int i = 0; i <= 10; i++) {
            double threshold = i * 0.1;
            double best = 0;
            for (int r = 0; r < recall.length; r++) {
                if (recall[r] >= threshold) {
                    best = Math.max(best, precision[r]);
                }
            }
            ap += best / 11;
        }
        return ap;
    }

    /** VOC2010+: the area under the precision envelope, summed where recall changes. */
    static double allPoint(double[] recall, double[] precision) {
        int n = recall.length;
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        mrec[n + 1] = 1;
        for (int i = 0; i < n; i++) {
            mrec[i + 1] = recall[i];
            mpre[i + 1] = precision[i];
        }
        for (int i = n; i >= 0; i--) {
            mpre[i] = Math.max(mpre[i], mpre[i + 1]);
        }
        double ap = 0;
        for (int i = 0; i < n + 1; i++) {
            if (mrec[i + 1] != mrec[i]) {
                ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
            }
        }
        return ap;
    }

    private static double iou(BoxSet dt, int d, BoxSet gt, int g, boolean inclusive) {
        double one = inclusive ? 1 : 0;
        double dx2 = dt.x(d) + dt.w(d);
        double dy2 = dt.y(d) + dt.h(d);
        double gx2 = gt.x(g) + gt.w(g);
        double gy2 = gt.y(g) + gt.h(g);
        double iw = Math.min(dx2, gx2) - Math.max(dt.x(d), gt.x(g)) + one;
        double ih = Math.min(dy2, gy2) - Math.max(dt.y(d), gt.y(g)) + one;
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double intersection = iw * ih;
        double union = (dx2 - dt.x(d) + one) * (dy2 - dt.y(d) + one) + (gx2 - gt.x(g) + one) * (gy2 - gt.y(g) + one) - intersection;
        return intersection / union;
    }
}
