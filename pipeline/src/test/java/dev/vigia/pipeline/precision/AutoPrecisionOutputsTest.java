package dev.vigia.pipeline.precision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.precision.CpuFeatures;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever auto picks, a detector run at it finds what float32 finds on real images the trial
 * never saw: every fp32 detection scored 0.5 or more is there (same class, IoU 0.9 or more), and
 * nothing scored 0.5 or more is added. When auto picks bf16 this checks bf16's outputs; when it
 * keeps fp32 (bf16 moved the outputs too far on this CPU) the outputs are fp32's own.
 */
class AutoPrecisionOutputsTest {

    private static final String[] UNSEEN = {"horses.jpg", "giraffe.jpg", "kite.jpg"};
    private static final float SURE = 0.5f;
    private static final double SAME_BOX_IOU = 0.9;

    @TempDir
    Path dir;

    @Test
    void nanoDetAtWhatAutoPicksFindsWhatFp32Finds() throws IOException {
        assumeTrue(CpuFeatures.thisMachine().hasNativeBf16(), "this CPU has no avx512_bf16 or amx_bf16: auto is fp32 here"
                + " without a trial, so there are no bf16 outputs to check");
        ModelStore store = ModelCopies.storeWith(dir, "nanodet");
        DetectorOptions options = DetectorOptions.defaults().withPrecision(Precision.AUTO);
        PrecisionDecision decision = DetectorPrecision.decide(store, "nanodet", options);
        InstalledModel model = store.ensure("nanodet");
        try (Detector fp32 = Detectors.open(model, options.withPrecision(Precision.FP32));
                Detector picked = Detectors.open(model, options.withPrecision(decision.precision()))) {
            for (String name : UNSEEN) {
                Mat image = imread(SampleMedia.standard().file(name).toString());
                Detections reference = fp32.detect(image);
                Detections other = picked.detect(image);
                assertTrue(allFoundIn(reference, other), name + ": an fp32 detection is missing at " + decision);
                assertTrue(allFoundIn(other, reference), name + ": a detection fp32 lacks was added at " + decision);
            }
        }
    }

    /** Every detection of {@code a} scored {@link #SURE} or more has one of the same class in {@code b} overlapping it {@link #SAME_BOX_IOU}. */
    private static boolean allFoundIn(Detections a, Detections b) {
        for (int i = 0; i < a.size(); i++) {
            if (a.score(i) < SURE) {
                continue;
            }
            boolean found = false;
            for (int j = 0; j < b.size() && !found; j++) {
                found = a.classId(i) == b.classId(j) && iou(a, i, b, j) >= SAME_BOX_IOU;
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static double iou(Detections a, int i, Detections b, int j) {
        double w = Math.max(0, Math.min(a.x2(i), b.x2(j)) - Math.max(a.x1(i), b.x1(j)));
        double h = Math.max(0, Math.min(a.y2(i), b.y2(j)) - Math.max(a.y1(i), b.y1(j)));
        double inter = w * h;
        return inter / ((a.x2(i) - a.x1(i)) * (a.y2(i) - a.y1(i)) + (b.x2(j) - b.x1(j)) * (b.y2(j) - b.y1(j)) - inter);
    }
}
