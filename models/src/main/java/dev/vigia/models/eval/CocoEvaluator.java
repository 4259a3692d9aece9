package dev.vigia.models.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COCO box evaluation exactly as pycocotools' {@code COCOeval} (iouType "bbox") computes it:
 * IoU thresholds .50:.05:.95, 101 recall points, at most 1, 10 and 100 detections per image and
 * category (by score), area ranges small / medium / large by the ground truth's {@code area}
 * field, crowd regions (IoU over the detection's own area; a detection on a crowd is neither a
 * true nor a false positive), ties in score kept in file order (numpy's stable mergesort), and
 * categories without ground truth left out of the means.
 *
 * <p>Written here because it is the product (no Java library reproduces COCOeval), on
 * primitive arrays: the IoU of each image and category is computed once and every area range,
 * threshold and detection cap reuses it.
 */
public final class CocoEvaluator {

    /** The 12 summary numbers, in COCOeval's order. */
    public static final List<String> STATS = List.of("AP", "AP50", "AP75", "APsmall", "APmedium", "APlarge",
            "AR1", "AR10", "AR100", "ARsmall", "ARmedium", "ARlarge");

    static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
    static final double[] RECALL_THRESHOLDS = linspace(0.0, 1.0, 101);
    static final int[] MAX_DETECTIONS = {1, 10, 100};
    /** all, small, medium, large: [lo, hi] in pixels², as COCOeval's areaRng. */
    static final double[][] AREA_RANGES = {{0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
    private static final double SPACING_OF_ONE = Math.ulp(1.0);

    /**
     * @param stats the 12 summary numbers by name (-1 where COCOeval prints -1: nothing to score)
     * @param perClass per category name: {"AP", "AP50"} at area "all" and 100 detections
     * @param precision precision[t][r][k] at area "all", 100 detections (-1: category not scored), for curves
     */
    public record Result(Map<String, Double> stats, Map<String, Map<String, Double>> perClass, double[][][] precision) {}

    /** One image and category at one area range: COCOeval's evaluateImg, as primitive arrays. */
    private record ImageEval(double[] scores, boolean[][] matched, boolean[][] ignored, int groundTruthCounted) {}

    private CocoEvaluator() {}

    public static Result evaluate(Dataset data) {
        int categories = data.categories();
        BoxSet gt = data.groundTruth();
        BoxSet dt = data.detections();
        BoxSet.Groups gtGroups = gt.groups(categories);
        BoxSet.Groups dtGroups = dt.groups(categories);
        int areas = AREA_RANGES.length;
        int thresholds = IOU_THRESHOLDS.length;
        // Per category, the evaluated images in ascending image order, for each area range.
        List<List<ImageEval[]>> byCategory = new ArrayList<>();
        for (int k = 0; k < categories; k++) {
            byCategory.add(new ArrayList<>());
        }
        int g = 0;
        int d = 0;
        int maxDetections = MAX_DETECTIONS[MAX_DETECTIONS.length - 1];
        while (g < gtGroups.count() || d < dtGroups.count()) {
            int gKey = g < gtGroups.count() ? gtGroups.keys()[g] : Integer.MAX_VALUE;
            int dKey = d < dtGroups.count() ? dtGroups.keys()[d] : Integer.MAX_VALUE;
            int key = Math.min(gKey, dKey);
            int[] gts = key == gKey ? slice(gtGroups, g++) : new int[0];
            int[] dts = key == dKey ? byScore(dt, slice(dtGroups, d++), maxDetections) : new int[0];
            double[][] ious = ious(dt, dts, gt, gts);
            ImageEval[] perArea = new ImageEval[areas];
            for (int a = 0; a < areas; a++) {
                perArea[a] = evaluateImage(gt, gts, dt, dts, ious, AREA_RANGES[a], thresholds);
            }
            byCategory.get(key % categories).add(perArea);
        }
        double[][][][][] precision = new double[thresholds][RECALL_THRESHOLDS.length][categories][areas][MAX_DETECTIONS.length];
        double[][][][] recall = new double[thresholds][categories][areas][MAX_DETECTIONS.length];
        for (double[][][][] p : precision) {
            for (double[][][] q : p) {
                for (double[][] r : q) {
                    for (double[] s : r) {
                        Arrays.fill(s, -1);
                    }
                }
            }
        }
        for (double[][][] p : recall) {
            for (double[][] q : p) {
                for (double[] r : q) {
                    Arrays.fill(r, -1);
                }
            }
        }
        for (int k = 0; k < categories; k++) {
            for (int a = 0; a < areas; a++) {
                for (int m = 0; m < MAX_DETECTIONS.length; m++) {
                    accumulate(byCategory.get(k), a, m, k, precision, recall);
                }
            }
        }
        return summarize(data, precision, recall);
    }

    private static int[] slice(BoxSet.Groups groups, int group) {
        return Arrays.copyOfRange(groups.order(), groups.starts()[group], groups.starts()[group + 1]);
    }

    /** The detections by descending score, ties in file order, at most {@code limit}. */
    private static int[] byScore(BoxSet dt, int[] indices, int limit) {
        int[] sorted = StableSort.byDescending(indices, dt::score);
        return sorted.length <= limit ? sorted : Arrays.copyOf(sorted, limit);
    }

    /** COCO's bbIou: detections × ground truth; a crowd's IoU is the intersection over the detection's area. */
    private static double[][] ious(BoxSet dt, int[] dts, BoxSet gt, int[] gts) {
        double[][] o = new double[dts.length][gts.length];
        for (int j = 0; j < gts.length; j++) {
            int gi = gts[j];
            double ga = gt.w(gi) * gt.h(gi);
            for (int i = 0; i < dts.length; i++) {
                int di = dts[i];
                double da = dt.w(di) * dt.h(di);
                double w = Math.min(dt.x(di) + dt.w(di), gt.x(gi) + gt.w(gi)) - Math.max(dt.x(di), gt.x(gi));
                if (w <= 0) {
                    continue;
                }
                double h = Math.min(dt.y(di) + dt.h(di), gt.y(gi) + gt.h(gi)) - Math.max(dt.y(di), gt.y(gi));
                if (h <= 0) {
                    continue;
                }
                double intersection = w * h;
                double union = gt.crowd(gi) ? da : da + ga - intersection;
                o[i][j] = intersection / union;
            }
        }
        return o;
    }

    /** COCOeval.evaluateImg for one area range (detections already sorted and capped at 100). */
    private static ImageEval evaluateImage(BoxSet gt, int[] gtsInFileOrder, BoxSet dt, int[] dts, double[][] ious, double[] range,
            int thresholds) {
        int gCount = gtsInFileOrder.length;
        boolean[] gtIgnore = new boolean[gCount];
        for (int j = 0; j < gCount; j++) {
            int gi = gtsInFileOrder[j];
            gtIgnore[j] = gt.crowd(gi) || gt.area(gi) < range[0] || gt.area(gi) > range[1];
        }
        // Ground truth not ignored first, each part in file order (stable argsort on the flag).
        int[] gOrder = new int[gCount];
        int n = 0;
        for (int j = 0; j < gCount; j++) {
            if (!gtIgnore[j]) {
                gOrder[n++] = j;
            }
        }
        int counted = n;
        for (int j = 0; j < gCount; j++) {
            if (gtIgnore[j]) {
                gOrder[n++] = j;
            }
        }
        int dCount = dts.length;
        boolean[][] matched = new boolean[thresholds][dCount];
        boolean[][] ignored = new boolean[thresholds][dCount];
        double[] scores = new double[dCount];
        for (int i = 0; i < dCount; i++) {
            scores[i] = dt.score(dts[i]);
        }
        for (int t = 0; t < thresholds; t++) {
            boolean[] gtTaken = new boolean[gCount];
            for (int i = 0; i < dCount; i++) {
                double best = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
                int m = -1;
                for (int s = 0; s < gCount; s++) {
                    int j = gOrder[s];
                    boolean crowd = gt.crowd(gtsInFileOrder[j]);
                    if (gtTaken[s] && !crowd) {
                        continue;
                    }
                    if (m > -1 && !gtIgnore[gOrder[m]] && gtIgnore[j]) {
                        break;
                    }
                    if (ious[i][j] < best) {
                        continue;
                    }
                    best = ious[i][j];
                    m = s;
                }
                if (m == -1) {
                    continue;
                }
                int j = gOrder[m];
                ignored[t][i] = gtIgnore[j];
                // COCOeval records the ground truth's id and later tests it for truth: an id of 0 counts as unmatched.
                matched[t][i] = gt.id(gtsInFileOrder[j]) != 0;
                gtTaken[m] = true;
            }
        }
        for (int i = 0; i < dCount; i++) {
            double area = dt.w(dts[i]) * dt.h(dts[i]);
            boolean outside = area < range[0] || area > range[1];
            for (int t = 0; t < thresholds; t++) {
                ignored[t][i] = ignored[t][i] || (!matched[t][i] && outside);
            }
        }
        return new ImageEval(scores, matched, ignored, counted);
    }

    /** COCOeval.accumulate for one category, area range and detection cap. */
    private static void accumulate(List<ImageEval[]> images, int a, int m, int k, double[][][][][] precision,
            double[][][][] recall) {
        if (images.isEmpty()) {
            return;
        }
        int cap = MAX_DETECTIONS[m];
        int total = 0;
        int counted = 0;
        for (ImageEval[] perArea : images) {
            total += Math.min(perArea[a].scores().length, cap);
            counted += perArea[a].groundTruthCounted();
        }
        if (counted == 0) {
            return;
        }
        double[] scores = new double[total];
        int[] owner = new int[total];
        int[] position = new int[total];
        int n = 0;
        for (int e = 0; e < images.size(); e++) {
            ImageEval image = images.get(e)[a];
            int take = Math.min(image.scores().length, cap);
            for (int i = 0; i < take; i++) {
                scores[n] = image.scores()[i];
                owner[n] = e;
                position[n] = i;
                n++;
            }
        }
        int[] identity = new int[total];
        for (int i = 0; i < total; i++) {
            identity[i] = i;
        }
        int[] order = StableSort.byDescending(identity, i -> scores[i]);
        for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
            double[] tp = new double[total];
            double[] fp = new double[total];
            double tpSum = 0;
            double fpSum = 0;
            for (int r = 0; r < total; r++) {
                ImageEval image = images.get(owner[order[r]])[a];
                int i = position[order[r]];
                if (!image.ignored()[t][i]) {
                    if (image.matched()[t][i]) {
                        tpSum++;
                    } else {
                        fpSum++;
                    }
                }
                tp[r] = tpSum;
                fp[r] = fpSum;
            }
            double[] rc = new double[total];
            double[] pr = new double[total];
            for (int r = 0; r < total; r++) {
                rc[r] = tp[r] / counted;
                pr[r] = tp[r] / (fp[r] + tp[r] + SPACING_OF_ONE);
            }
            recall[t][k][a][m] = total > 0 ? rc[total - 1] : 0;
            for (int r = total - 1; r > 0; r--) {
                if (pr[r] > pr[r - 1]) {
                    pr[r - 1] = pr[r];
                }
            }
            int r = 0;
            for (int q = 0; q < RECALL_THRESHOLDS.length; q++) {
                // numpy.searchsorted(rc, threshold, side="left"): the first index with rc >= threshold.
                while (r < total && rc[r] < RECALL_THRESHOLDS[q]) {
                    r++;
                }
                precision[t][q][k][a][m] = r < total ? pr[r] : 0;
            }
        }
    }

    private static Result summarize(Dataset data, double[][][][][] precision, double[][][][] recall) {
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("AP", meanPrecision(precision, -1, 0, 2, -1));
        stats.put("AP50", meanPrecision(precision, threshold(0.5), 0, 2, -1));
        stats.put("AP75", meanPrecision(precision, threshold(0.75), 0, 2, -1));
        stats.put("APsmall", meanPrecision(precision, -1, 1, 2, -1));
        stats.put("APmedium", meanPrecision(precision, -1, 2, 2, -1));
        stats.put("APlarge", meanPrecision(precision, -1, 3, 2, -1));
        stats.put("AR1", meanRecall(recall, 0, 0));
        stats.put("AR10", meanRecall(recall, 0, 1));
        stats.put("AR100", meanRecall(recall, 0, 2));
        stats.put("ARsmall", meanRecall(recall, 1, 2));
        stats.put("ARmedium", meanRecall(recall, 2, 2));
        stats.put("ARlarge", meanRecall(recall, 3, 2));
        Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
        double[][][] curves = new double[IOU_THRESHOLDS.length][RECALL_THRESHOLDS.length][data.categories()];
        for (int k = 0; k < data.categories(); k++) {
            if (precision[0][0][k][0][2] > -1) {
                Map<String, Double> ap = new LinkedHashMap<>();
                ap.put("AP", meanPrecision(precision, -1, 0, 2, k));
                ap.put("AP50", meanPrecision(precision, threshold(0.5), 0, 2, k));
                perClass.put(data.categoryNames().get(k), ap);
            }
            for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
                for (int r = 0; r < RECALL_THRESHOLDS.length; r++) {
                    curves[t][r][k] = precision[t][r][k][0][2];
                }
            }
        }
        return new Result(stats, perClass, curves);
    }

    private static int threshold(double iou) {
        for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
            if (IOU_THRESHOLDS[t] == iou) {
                return t;
            }
        }
        throw new IllegalStateException("no IoU threshold " + iou);
    }

    /** Mean of the entries above -1, over all thresholds (t = -1) or one, all categories (k = -1) or one. */
    private static double meanPrecision(double[][][][][] precision, int t, int a, int m, int k) {
        double sum = 0;
        long n = 0;
        for (int ti = 0; ti < IOU_THRESHOLDS.length; ti++) {
            if (t >= 0 && ti != t) {
                continue;
            }
            for (int r = 0; r < RECALL_THRESHOLDS.length; r++) {
                for (int ki = 0; ki < precision[ti][r].length; ki++) {
                    if (k >= 0 && ki != k) {
                        continue;
                    }
                    double v = precision[ti][r][ki][a][m];
                    if (v > -1) {
                        sum += v;
                        n++;
                    }
                }
            }
        }
        return n == 0 ? -1 : sum / n;
    }

    private static double meanRecall(double[][][][] recall, int a, int m) {
        double sum = 0;
        long n = 0;
        for (double[][][] perThreshold : recall) {
            for (double[][] perCategory : perThreshold) {
                double v = perCategory[a][m];
                if (v > -1) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? -1 : sum / n;
    }

    /** numpy.linspace: {@code i * step + start}, the last value exactly {@code stop}. */
    static double[] linspace(double start, double stop, int count) {
        double[] values = new double[count];
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) {
            values[i] = i * step + start;
        }
        values[count - 1] = stop;
        return values;
    }
}
