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

    /**
     * One image and category, every area range: COCOeval's evaluateImg results packed per
     * detection, bit t = matched at threshold t, bit IGNORED + t = ignored at threshold t
     * (one int per detection and area instead of two boolean matrices: a COCO-sized set has a
     * million of these).
     */
    private record ImageEval(double[] scores, int[][] flags, int[] groundTruthCounted) {}

    private static final int IGNORED = 16;

    private CocoEvaluator() {}

    public static Result evaluate(Dataset data) {
        int categories = data.categories();
        BoxSet gt = data.groundTruth();
        BoxSet dt = data.detections();
        BoxSet.Groups gtGroups = gt.groups(categories);
        BoxSet.Groups dtGroups = dt.groups(categories);
        int areas = AREA_RANGES.length;
        int thresholds = IOU_THRESHOLDS.length;
        // Per category, the evaluated images in ascending image order.
        List<List<ImageEval>> byCategory = new ArrayList<>();
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
            double[] scores = new double[dts.length];
            for (int i = 0; i < dts.length; i++) {
                scores[i] = dt.score(dts[i]);
            }
            int[][] flags = new int[areas][];
            int[] counted = new int[areas];
            for (int a = 0; a < areas; a++) {
                flags[a] = new int[dts.length];
                counted[a] = evaluateImage(gt, gts, dt, dts, ious, AREA_RANGES[a], thresholds, flags[a]);
            }
            byCategory.get(key % categories).add(new ImageEval(scores, flags, counted));
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
            accumulate(byCategory.get(k), k, precision, recall);
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

    /**
     * COCOeval.evaluateImg for one area range (detections already sorted and capped at 100):
     * fills {@code flags} and returns how many ground-truth boxes count (are not ignored).
     */
    private static int evaluateImage(BoxSet gt, int[] gtsInFileOrder, BoxSet dt, int[] dts, double[][] ious, double[] range,
            int thresholds, int[] flags) {
        int gCount = gtsInFileOrder.length;
        boolean[] gtIgnore = new boolean[gCount];
        for (int j = 0; j < gCount; j++) {
            int gi = gtsInFileOrder[j];
            // COCO ignores crowds; a VOC "difficult" object (never set in COCO files) is ignored the same way.
            gtIgnore[j] = gt.crowd(gi) || gt.difficult(gi) || gt.area(gi) < range[0] || gt.area(gi) > range[1];
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
        boolean[] gtTaken = new boolean[gCount];
        for (int t = 0; t < thresholds; t++) {
            java.util.Arrays.fill(gtTaken, false);
            for (int i = 0; i < dCount; i++) {
                double best = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
                int m = -1;
                for (int s = 0; s < gCount; s++) {
                    int j = gOrder[s];
                    if (gtTaken[s] && !gt.crowd(gtsInFileOrder[j])) {
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
                if (gtIgnore[j]) {
                    flags[i] |= 1 << (IGNORED + t);
                }
                // COCOeval records the ground truth's id and later tests it for truth: an id of 0 counts as unmatched.
                if (gt.id(gtsInFileOrder[j]) != 0) {
                    flags[i] |= 1 << t;
                }
                gtTaken[m] = true;
            }
        }
        for (int i = 0; i < dCount; i++) {
            double area = dt.w(dts[i]) * dt.h(dts[i]);
            if (area < range[0] || area > range[1]) {
                for (int t = 0; t < thresholds; t++) {
                    if ((flags[i] & (1 << t)) == 0) {
                        flags[i] |= 1 << (IGNORED + t);
                    }
                }
            }
        }
        return counted;
    }

    /**
     * COCOeval.accumulate for one category, every area range and detection cap. The category's
     * detections are sorted once: for a smaller cap, the detections kept are those ranked below
     * the cap in their image, and a stable sort of those is the full order with the rest left out.
     */
    private static void accumulate(List<ImageEval> images, int k, double[][][][][] precision, double[][][][] recall) {
        if (images.isEmpty()) {
            return;
        }
        int total = 0;
        for (ImageEval image : images) {
            total += image.scores().length;
        }
        double[] scores = new double[total];
        int[] owner = new int[total];
        int[] position = new int[total];
        int n = 0;
        for (int e = 0; e < images.size(); e++) {
            double[] imageScores = images.get(e).scores();
            for (int i = 0; i < imageScores.length; i++) {
                scores[n] = imageScores[i];
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
        int thresholds = IOU_THRESHOLDS.length;
        double[] rc = new double[total];
        double[] pr = new double[total];
        for (int a = 0; a < AREA_RANGES.length; a++) {
            int counted = 0;
            for (ImageEval image : images) {
                counted += image.groundTruthCounted()[a];
            }
            if (counted == 0) {
                continue;
            }
            for (int m = 0; m < MAX_DETECTIONS.length; m++) {
                int cap = MAX_DETECTIONS[m];
                int kept = 0;
                int[] keptFlags = new int[total];
                for (int r = 0; r < total; r++) {
                    int d = order[r];
                    if (position[d] < cap) {
                        keptFlags[kept++] = images.get(owner[d]).flags()[a][position[d]];
                    }
                }
                for (int t = 0; t < thresholds; t++) {
                    double tp = 0;
                    double fp = 0;
                    int matchedBit = 1 << t;
                    int ignoredBit = 1 << (IGNORED + t);
                    for (int r = 0; r < kept; r++) {
                        int f = keptFlags[r];
                        if ((f & ignoredBit) == 0) {
                            if ((f & matchedBit) != 0) {
                                tp++;
                            } else {
                                fp++;
                            }
                        }
                        rc[r] = tp / counted;
                        pr[r] = tp / (fp + tp + SPACING_OF_ONE);
                    }
                    recall[t][k][a][m] = kept > 0 ? rc[kept - 1] : 0;
                    for (int r = kept - 1; r > 0; r--) {
                        if (pr[r] > pr[r - 1]) {
                            pr[r - 1] = pr[r];
                        }
                    }
                    int r = 0;
                    for (int q = 0; q < RECALL_THRESHOLDS.length; q++) {
                        // numpy.searchsorted(rc, threshold, side="left"): the first index with rc >= threshold.
                        while (r < kept && rc[r] < RECALL_THRESHOLDS[q]) {
                            r++;
                        }
                        precision[t][q][k][a][m] = r < kept ? pr[r] : 0;
                    }
                }
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
