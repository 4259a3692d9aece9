package dev.vigia.pipeline.precision;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.measure.Percentiles;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionTrial;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.pipeline.compare.ComparisonRun;
import dev.vigia.pipeline.compare.LabelledImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A detector at fp32 and at bf16 side by side. Speed: the median inference time of each over
 * {@link #ROUNDS} passes over every image, the two precisions alternating image by image so that
 * load from other processes falls on both alike. Outputs: COCO AP on the labelled images at each
 * precision (over detections scored down to {@link DetectionDrift#SCORE_MARGIN} below the threshold), within {@link #MAX_AP_DROP_POINTS} points; on every image, at least
 * {@link #MIN_SHARE_WITHIN} of the boxes matched between the two within
 * {@link DetectionDrift#MAX_SHIFT_PX}, and no detection gained or lost above the threshold
 * (beyond {@link DetectionDrift#SCORE_MARGIN} of it); and at least one box to compare.
 */
public final class DetectorPrecisionTrial implements PrecisionTrial {

    static final int ROUNDS = 2;
    static final double MAX_AP_DROP_POINTS = 0.5;
    static final double MIN_SHARE_WITHIN = 0.95;

    private final InstalledModel model;
    private final DetectorOptions options;
    private final LabelledImages labelled;
    private final List<Mat> frames;

    /**
     * @param labelled images with ground truth, for AP
     * @param frames further unlabelled images (video frames), for speed and drift
     */
    public DetectorPrecisionTrial(InstalledModel model, DetectorOptions options, LabelledImages labelled, List<Mat> frames) {
        this.model = model;
        this.options = options;
        this.labelled = labelled;
        this.frames = frames;
    }

    @Override
    public Outcome run() {
        // Detections down to the margin below the threshold: drift needs them, and AP over them compares the two
        // precisions alike at a fraction of the cost of bench compare's 0.001 (whose NMS dominates on a CPU).
        DetectorOptions loose = new DetectorOptions(Math.max(0, options.scoreThreshold() - DetectionDrift.SCORE_MARGIN),
                options.device(), false, options.threads(), options.batchedInference(), Precision.FP32);
        try (DetectorModel fp32 = Detectors.load(model, loose);
                DetectorModel bf16 = Detectors.load(model, loose.withPrecision(Precision.BF16))) {
            double apFp32 = 100 * ap(fp32);
            double apBf16 = 100 * ap(bf16);
            List<Mat> images = new ArrayList<>(labelled.images());
            images.addAll(frames);
            DetectionDrift drift = new DetectionDrift(options.scoreThreshold());
            long[][] nanos = timeAlternating(fp32, bf16, images, drift);
            // With no box to compare, nothing shows that bf16 keeps the outputs: fp32 stays.
            boolean kept = drift.matched() > 0 && apFp32 - apBf16 <= MAX_AP_DROP_POINTS && drift.shareWithin() >= MIN_SHARE_WITHIN
                    && drift.gainedOrLost() == 0;
            String comparison = String.format(Locale.ROOT, "AP %.1f vs %.1f on %s; %s on %d images", apFp32, apBf16,
                    labelled.name(), drift, images.size());
            return new Outcome(Percentiles.median(nanos[0]) / 1e6, Percentiles.median(nanos[1]) / 1e6, kept, comparison);
        }
    }

    private double ap(DetectorModel loaded) {
        double ap = ComparisonRun.run(loaded.id(), loaded::newDetector, 0, 0, labelled, 1, 1).ap();
        return Double.isNaN(ap) ? 0 : ap;
    }

    /** Inference nanoseconds of each precision, the two alternating; the first round's detections feed {@code drift}. */
    private static long[][] timeAlternating(DetectorModel fp32, DetectorModel bf16, List<Mat> images, DetectionDrift drift) {
        long[][] nanos = new long[2][ROUNDS * images.size()];
        try (Detector a = fp32.newDetector(); Detector b = bf16.newDetector()) {
            Detections da = new Detections();
            Detections db = new Detections();
            // One untimed call each: the first run optimises the graph (bf16's rewrite happens here).
            a.detect(images.get(0), da);
            b.detect(images.get(0), db);
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < images.size(); i++) {
                    a.detect(images.get(i), da);
                    b.detect(images.get(i), db);
                    nanos[0][round * images.size() + i] = da.inferenceNanos();
                    nanos[1][round * images.size() + i] = db.inferenceNanos();
                    if (round == 0) {
                        drift.add(da, db);
                    }
                }
            }
        }
        return nanos;
    }
}
