package dev.vigia.pipeline.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.precision.CpuFeatures;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.store.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageModelPrecisionTest {

    @TempDir
    Path dir;

    @Test
    void maskIouCountsThePixelsAboveOneHalf() {
        // 10x10: six columns at 0.9 against four at 0.7 (and the rest at 0.4, below the cut): 40 / 60.
        Mat six = columns(6, 0.9f);
        Mat four = columns(4, 0.7f);
        assertEquals(40 / 60.0, ImageModelPrecision.maskIou(six, four), 1e-12);
        assertEquals(1.0, ImageModelPrecision.maskIou(six, six), 1e-12);
        assertEquals(1.0, ImageModelPrecision.maskIou(columns(0, 0.9f), columns(0, 0.9f)), 1e-12, "two empty masks agree");
    }

    /** A real selfie segmenter (a copy in a temporary store): auto measures it on people pictures and stores why. */
    @Test
    void autoMeasuresTheSelfieSegmenterAndStoresItsVerdict() throws IOException {
        assumeTrue(CpuFeatures.thisMachine().hasNativeBf16(), "this CPU has no avx512_bf16 or amx_bf16: auto never tries bf16 here");
        ModelStore store = ModelCopies.storeWith(dir, "selfie");
        PrecisionDecision decision = ImageModelPrecision.personSegmenter(store, "selfie", DeviceChoice.CPU, Precision.AUTO);
        assertTrue(decision.measured() && decision.fp32Ms() > 0 && decision.bf16Ms() > 0, decision.toString());
        assertTrue(decision.reason().contains("mask IoU"), decision.reason());
        assertTrue(Files.isRegularFile(dir.resolve("models/selfie/precision").resolve(CpuFeatures.thisMachine().key() + ".properties")));
    }

    private static Mat columns(int count, float value) {
        Mat mask = new Mat(10, 10, opencv_core.CV_32F);
        try (FloatIndexer at = mask.createIndexer()) {
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 10; x++) {
                    at.put(y, x, x < count ? value : 0.4f);
                }
            }
        }
        return mask;
    }
}
