package dev.vigia.pipeline.compare;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.eval.BoxSet;
import dev.vigia.models.eval.CocoEvaluator;
import dev.vigia.models.eval.Dataset;
import dev.vigia.models.eval.VocEvaluator;
import dev.vigia.models.measure.Percentiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One detector on one labelled image set at the field's evaluation setting (score ≥ 0.001 after
 * NMS, at most 100 boxes per image): COCO AP and AP50 and VOC07 AP50 over the classes the
 * detector can name, throughput, per-phase latency, load time and peak memory; plus the curves
 * the charts draw.
 */
public final class ComparisonRun {

    /** The evaluation setting the field reports mAP at. */
    public static final float EVALUATION_SCORE = 0.001f;
    public static final int MAX_PER_IMAGE = 100;
    static final String[] PHASES = {"preprocess", "inference", "postprocess", "nms"};

    /**
     * @param oneInference whether the model took each batch in one inference (false: the graph fixes batch 1, frames ran one by one)
     * @param ap COCO AP .50:.95 (NaN when the set has no class the detector names)
     * @param boxes mean candidate boxes per image before NMS at the evaluation score (the field's "# Boxes")
     * @param latencyMillis per phase (preprocess, inference, postprocess = decoding, nms): {"p50", "p95"}
     * @param classCurves precision at the 101 recall points, IoU 0.5, per class with ground truth
     * @param f1ByConfidence F1 at confidence 0.00, 0.01, ..., 1.00 (IoU 0.5, all classes pooled)
     */
    public record Row(String detector, int batch, boolean oneInference, double ap, double ap50, double voc07Ap50, double fps,
            Map<String, Map<String, Double>> latencyMillis, double boxes, int inputWidth, int inputHeight, double loadSeconds,
            double peakRssMb, int images, List<String> classes, Map<String, double[]> classCurves, double[] f1ByConfidence) {}

    private ComparisonRun() {}

    /**
     * @param open loads the detector (timed as the load time), at {@link #EVALUATION_SCORE}
     * @param runs passes over the images for timing; the first also gives the detections scored
     * @param batch images per detection call (the last call of a pass takes what is left)
     */
    public static Row run(String id, Supplier<Detector> open, int inputWidth, int inputHeight, LabelledImages set, int runs, int batch) {
        resetPeakRss();
        long loadStart = System.nanoTime();
        try (Detector detector = open.get()) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            Dataset truth = set.truth();
            List<String> classes = new ArrayList<>();
            for (String name : truth.categoryNames()) {
                if (detector.labels().names().contains(name)) {
                    classes.add(name);
                }
            }
            BoxSet found = new BoxSet();
            int images = set.images().size();
            long[][] phaseNanos = new long[PHASES.length][images * runs];
            long totalNanos = 0;
            long boxesBeforeCap = 0;
            List<Detections> results = new ArrayList<>();
            for (int k = 0; k < batch; k++) {
                results.add(new Detections());
            }
            // One untimed call first: graph optimisation and allocator warm-up happen on the first one (per batch size).
            int warmUp = Math.min(batch, images);
            detector.detectBatch(set.images().subList(0, warmUp), results.subList(0, warmUp));
            for (int run = 0; run < runs; run++) {
                for (int first = 0; first < images; first += batch) {
                    int count = Math.min(batch, images - first);
                    List<Mat> chunk = set.images().subList(first, first + count);
                    long start = System.nanoTime();
                    detector.detectBatch(chunk, results.subList(0, count));
                    totalNanos += System.nanoTime() - start;
                    for (int k = 0; k < count; k++) {
                        Detections detections = results.get(k);
                        int i = first + k;
                        int sample = run * images + i;
                        // A batch's preprocessing and inference are shared out evenly among its frames.
                        phaseNanos[0][sample] = detections.preprocessNanos();
                        phaseNanos[1][sample] = detections.inferenceNanos();
                        phaseNanos[2][sample] = detections.postprocessNanos();
                        phaseNanos[3][sample] = detections.suppressionNanos();
                        if (run == 0) {
                            boxesBeforeCap += detections.candidates();
                            keepBest(detections, i, truth, classes, found);
                        }
                    }
                }
            }
            Dataset scored = restricted(truth, classes, found);
            double ap = Double.NaN;
            double ap50 = Double.NaN;
            double voc = Double.NaN;
            Map<String, double[]> curves = new LinkedHashMap<>();
            double[] f1 = new double[101];
            if (!classes.isEmpty()) {
                CocoEvaluator.Result coco = CocoEvaluator.evaluate(scored);
                ap = coco.stats().get("AP");
                ap50 = coco.stats().get("AP50");
                voc = VocEvaluator.evaluate(scored, 0.5, VocEvaluator.Interpolation.ELEVEN_POINT, true).mean();
                for (int k = 0; k < scored.categories(); k++) {
                    double[] curve = new double[101];
                    for (int r = 0; r < 101; r++) {
                        curve[r] = coco.precision()[0][r][k];
                    }
                    if (curve[0] > -1) {
                        curves.put(scored.categoryNames().get(k), curve);
                    }
                }
                f1 = F1Curve.of(scored);
            }
            Map<String, Map<String, Double>> latency = new LinkedHashMap<>();
            for (int p = 0; p < PHASES.length; p++) {
                Map<String, Double> percentiles = new LinkedHashMap<>();
                percentiles.put("p50", Percentiles.nearestRank(phaseNanos[p], 50) / 1e6);
                percentiles.put("p95", Percentiles.nearestRank(phaseNanos[p], 95) / 1e6);
                latency.put(PHASES[p], percentiles);
            }
            double fps = images * runs / (totalNanos / 1e9);
            // The peak is read while the model is still loaded: it belongs to this detector's run.
            return new Row(id, batch, batch > 1 && detector.batchesInOneInference(batch), ap, ap50, voc, fps, latency, boxesBeforeCap / (double) images, inputWidth, inputHeight,
                    loadSeconds, peakRssMb(), images, classes, curves, f1);
        }
    }

    /** This image's 100 best detections of the classes the set has, by the set's category index. */
    static void keepBest(Detections detections, int image, Dataset truth, List<String> classes, BoxSet into) {
        Integer[] order = new Integer[detections.size()];
        for (int d = 0; d < order.length; d++) {
            order[d] = d;
        }
        Arrays.sort(order, (a, b) -> Float.compare(detections.score(b), detections.score(a)));
        for (int r = 0; r < Math.min(order.length, MAX_PER_IMAGE); r++) {
            int d = order[r];
            int k = classes.indexOf(detections.labels().name(detections.classId(d)));
            if (k < 0) {
                continue;
            }
            double w = detections.x2(d) - detections.x1(d);
            double h = detections.y2(d) - detections.y1(d);
            into.add(image, k, into.size() + 1, detections.x1(d), detections.y1(d), w, h, detections.score(d), w * h, false, false);
        }
    }

    /** The ground truth of the detector's classes only (in the set's order), with the detections found. */
    static Dataset restricted(Dataset truth, List<String> classes, BoxSet found) {
        BoxSet gt = new BoxSet();
        BoxSet all = truth.groundTruth();
        for (int i = 0; i < all.size(); i++) {
            int k = classes.indexOf(truth.categoryNames().get(all.category(i)));
            if (k >= 0) {
                gt.add(all.image(i), k, all.id(i), all.x(i), all.y(i), all.w(i), all.h(i), 1, all.area(i), all.crowd(i), all.difficult(i));
            }
        }
        long[] ids = new long[classes.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = k + 1;
        }
        return new Dataset(truth.imageIds(), truth.imageNames(), ids, classes, gt, found);
    }

    /** Linux resets the peak resident size ("VmHWM") when 5 is written to clear_refs; elsewhere the peak is the process's. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not allowed: the peak then covers the whole process so far.
        }
    }

    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: no figure.
        }
        return Double.NaN;
    }
}
