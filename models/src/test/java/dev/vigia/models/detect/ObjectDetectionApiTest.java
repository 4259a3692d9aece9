package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.boxes.Detection;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.catalog.ModelCatalog;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.store.NpmPackageFetcher;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TF Object Detection API signature end to end through DJL, on SavedModels built here with
 * exactly that signature (no such weights can be fetched here). The scores follow the image's
 * brightness, so the test also proves the uint8 frame reaches the graph.
 */
class ObjectDetectionApiTest {

    private static ModelStore store(Path root) {
        return new ModelStore(root, ModelCatalog.builtIn(), NpmPackageFetcher.standard(VigiaHome.resolve().resolve("downloads")));
    }

    private static Mat gray(int level) {
        return new Mat(480, 640, opencv_core.CV_8UC3, new Scalar(level, level, level, 0));
    }

    @Test
    void importedExportDetectsInFramePixelsWithCocoCategoryNames(@TempDir Path dir) throws Exception {
        ModelStore store = store(dir.resolve("models"));
        InstalledModel imported = store.importModel(ObjectDetectionExports.build(dir, true), "my-ssd", "ssd");
        assertEquals("ssd", imported.spec().family());
        try (Detector detector = Detectors.open(store, "ssd", new DetectorOptions(0.3f, DeviceChoice.AUTO))) {
            Detections white = detector.detect(gray(255));
            assertEquals(2, white.size());
            Detection dog = white.get(0);
            assertEquals("dog", dog.label());
            assertEquals(0.9f, dog.score(), 1e-5);
            // normalised ymin 0.1, xmin 0.2, ymax 0.5, xmax 0.6 of a 640x480 frame
            assertEquals(128, dog.x1(), 0.5);
            assertEquals(48, dog.y1(), 0.5);
            assertEquals(384, dog.x2(), 0.5);
            assertEquals(240, dog.y2(), 0.5);
            assertEquals("car", white.get(1).label());

            Detections dim = detector.detect(gray(128));
            assertEquals(1, dim.size(), "at half brightness only the dog (0.45) stays above 0.3");
            assertTrue(dim.preprocessNanos() > 0 && dim.inferenceNanos() > 0);
        }
    }

    @Test
    void maskRcnnMasksTravelWithTheirDetectionsThroughThreshold(@TempDir Path dir) throws Exception {
        ModelStore store = store(dir.resolve("models"));
        store.importModel(ObjectDetectionExports.build(dir, true, true), "my-mask-rcnn", "faster-rcnn");
        store.importModel(ObjectDetectionExports.build(dir, true, false), "my-faster-rcnn", "faster-rcnn");
        try (Detector masked = Detectors.open(store, "my-mask-rcnn", new DetectorOptions(0.3f, DeviceChoice.AUTO));
                Detector plain = Detectors.open(store, "my-faster-rcnn", new DetectorOptions(0.3f, DeviceChoice.AUTO))) {
            Detections dim = masked.detect(gray(128));
            assertEquals(1, dim.size(), "only the dog stays above 0.3");
            assertTrue(dim.hasMasks());
            assertEquals(2, dim.maskWidth());
            float[] dogMask = java.util.Arrays.copyOf(dim.maskArray(), 4);
            assertEquals(0.9f, dogMask[0], 1e-6);
            assertEquals(0.3f, dogMask[3], 1e-6, "the dog's own mask, not the car's");
            assertTrue(!plain.detect(gray(255)).hasMasks(), "a Faster R-CNN export without detection_masks has no masks");
        }
    }

    @Test
    void aSavedModelWithoutTheSignatureIsOneLineNamingWhatIsMissing(@TempDir Path dir) throws Exception {
        ModelStore store = store(dir.resolve("models"));
        InstalledModel imported = store.importModel(ObjectDetectionExports.build(dir, false), "broken", "ssd");
        UserError error = assertThrows(UserError.class,
                () -> Detectors.open(imported, new DetectorOptions(0.3f, DeviceChoice.AUTO)));
        assertTrue(error.getMessage().contains("has no output [detection_boxes]"), error.getMessage());
        assertTrue(!error.getMessage().contains("\n"));
    }

    @Test
    void aFamilyWithNothingImportedSaysHowToImportOne(@TempDir Path dir) {
        var error = assertThrows(dev.vigia.config.InvalidSettingException.class,
                () -> Detectors.resolve(store(dir.resolve("models")), "faster-rcnn"));
        assertTrue(error.getMessage().startsWith("No faster-rcnn model is installed or in the catalog; import"), error.getMessage());
        // Neutral in the library; the command line turns the setting and value into its flags.
        assertTrue(!error.getMessage().contains("--"), error.getMessage());
        assertEquals("detector_family", error.setting());
        assertEquals("faster-rcnn", error.value());
    }

    @Test
    void aFamilyResolvesToTheCatalogsModelWhenNoneIsInstalledAndToAnInstalledOneFirst(@TempDir Path dir) throws Exception {
        ModelStore store = store(dir.resolve("models"));
        assertEquals("tiny_face_detector", Detectors.resolve(store, "yolo"), "the catalog's only yolo model, pulled on use");
        assertEquals("ssd_mobilenetv1", Detectors.resolve(store, "ssd"));
        store.importModel(ObjectDetectionExports.build(dir, true), "my-ssd", "ssd");
        assertEquals("my-ssd", Detectors.resolve(store, "ssd"), "an installed model of the family comes first");
        store.importModel(ObjectDetectionExports.build(dir.resolve("second"), true), "other-ssd", "ssd");
        UserError several = assertThrows(UserError.class, () -> Detectors.resolve(store, "ssd"));
        assertTrue(several.getMessage().contains("my-ssd, other-ssd"), several.getMessage());
    }
}
