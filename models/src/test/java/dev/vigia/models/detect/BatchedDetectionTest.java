package dev.vigia.models.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A batch of four frames of different sizes and scenes (as four streams would give) detected in
 * one call equals each frame detected alone, for a model of every family. Graphs Vigía builds
 * (YOLO from Darknet, the face-api detectors) take a free batch dimension and run the four in one
 * inference (forced here: on a CPU one by one is the default, being faster); TF.js graph exports
 * fold batch 1 into their reshape constants and run one by one.
 */
class BatchedDetectionTest {

    private static final List<String> IMAGES = List.of("dog.jpg", "messi5.jpg", "basketball1.png", "person.jpg");

    @TempDir
    static Path models;

    @BeforeAll
    static void importTheStandIns() throws Exception {
        StandInModels.importInto(ModelStore.standard(), models, "batch");
    }

    @ParameterizedTest
    @CsvSource({"nanodet, false", "centernet, false", "tiny_face_detector, true", "ssd_mobilenetv1, true",
            "batch-yolov3-tiny, true", "batch-mask-rcnn, false"})
    void batchOfFourEqualsFourSingleFrames(String model, boolean oneInference) {
        List<Mat> frames = IMAGES.stream().map(name -> imread(SampleMedia.standard().file(name).toString())).toList();
        // A low threshold so the comparison covers many boxes, not just the confident few.
        // Batches as one inference even on this CPU, where one by one is the faster default.
        DetectorOptions options = new DetectorOptions(0.05f, DeviceChoice.AUTO)
                .withBatchedInference(DetectorOptions.BatchedInference.ALWAYS);
        try (DetectorModel loaded = Detectors.load(ModelStore.standard(), model, options);
                Detector detector = loaded.newDetector()) {
            assertEquals(oneInference, detector.batchesInOneInference(IMAGES.size()), model + " batch limit " + detector.batchLimit());
            List<Detections> alone = new ArrayList<>();
            for (Mat frame : frames) {
                alone.add(detector.detect(frame));
            }
            List<Detections> batched = List.of(new Detections(), new Detections(), new Detections(), new Detections());
            detector.detectBatch(frames, batched);
            int compared = 0;
            for (int i = 0; i < frames.size(); i++) {
                assertSame(model + " " + IMAGES.get(i), alone.get(i), batched.get(i));
                compared += alone.get(i).size();
            }
            assertTrue(compared > 0, model + " found nothing to compare in four photos");
        }
    }

    /**
     * What the pipeline does: another thread prepares the frames (as its preparer does on the
     * rest's CPUs) and the detector only infers them; in batches of four, and through the
     * watchdog that copies them for its own thread.
     */
    @ParameterizedTest
    @CsvSource({"nanodet", "centernet", "tiny_face_detector", "ssd_mobilenetv1", "batch-yolov3-tiny", "batch-mask-rcnn"})
    void framesPreparedOnAnotherThreadEqualWholeFrames(String model) throws Exception {
        List<Mat> frames = IMAGES.stream().map(name -> imread(SampleMedia.standard().file(name).toString())).toList();
        DetectorOptions options = new DetectorOptions(0.05f, DeviceChoice.AUTO)
                .withBatchedInference(DetectorOptions.BatchedInference.ALWAYS);
        try (DetectorModel loaded = Detectors.load(ModelStore.standard(), model, options);
                Detector detector = loaded.newDetector();
                Detector watched = new WatchdogDetector(loaded::newDetector, Duration.ofSeconds(30))) {
            List<Detections> alone = new ArrayList<>();
            for (Mat frame : frames) {
                alone.add(detector.detect(frame));
            }
            List<PreparedFrame> prepared = List.of(new PreparedFrame(), new PreparedFrame(), new PreparedFrame(), new PreparedFrame());
            ExecutorService preparing = Executors.newSingleThreadExecutor();
            try (FramePreparer preparer = detector.newPreparer().orElseThrow()) {
                preparing.submit(() -> {
                    for (int i = 0; i < frames.size(); i++) {
                        preparer.prepare(frames.get(i), prepared.get(i));
                    }
                }).get();
            } finally {
                preparing.shutdown();
            }
            List<Detections> inferred = List.of(new Detections(), new Detections(), new Detections(), new Detections());
            detector.detectPrepared(prepared, inferred);
            List<Detections> viaWatchdog = List.of(new Detections(), new Detections(), new Detections(), new Detections());
            watched.detectPrepared(prepared, viaWatchdog);
            int compared = 0;
            for (int i = 0; i < frames.size(); i++) {
                assertSame(model + " prepared " + IMAGES.get(i), alone.get(i), inferred.get(i));
                assertSame(model + " prepared, through the watchdog " + IMAGES.get(i), alone.get(i), viaWatchdog.get(i));
                compared += alone.get(i).size();
            }
            assertTrue(compared > 0, model + " found nothing to compare in four photos");
            prepared.forEach(PreparedFrame::close);
        }
    }

    @org.junit.jupiter.api.Test
    void aFrameNoPreparerFilledIsRefused() {
        try (DetectorModel loaded = Detectors.load(ModelStore.standard(), "nanodet", new DetectorOptions(0.3f, DeviceChoice.AUTO));
                Detector detector = loaded.newDetector();
                PreparedFrame empty = new PreparedFrame()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> detector.detectPrepared(List.of(empty), List.of(new Detections())));
            assertTrue(refused.getMessage().contains("without being prepared"), refused.getMessage());
        }
    }

    /**
     * The same detections, one to one: equal class, score within 1e-4 and box within half a pixel.
     * Matched as sets, not by position: two detections whose scores tie to the last bits may come
     * out of the sort in either order, and which one comes first depends on the CPU's kernels
     * (an AMD EPYC ordered one such pair of a stand-in model's boxes differently in batch and alone).
     */
    private static void assertSame(String what, Detections expected, Detections actual) {
        assertEquals(expected.size(), actual.size(), what + ": detections");
        boolean[] taken = new boolean[actual.size()];
        for (int k = 0; k < expected.size(); k++) {
            int match = -1;
            for (int j = 0; j < actual.size() && match < 0; j++) {
                if (!taken[j] && sameDetection(expected, k, actual, j)) {
                    match = j;
                }
            }
            assertTrue(match >= 0, what + " #" + k + " (class " + expected.classId(k) + ", score " + expected.score(k) + ", x1 "
                    + expected.x1(k) + ", y1 " + expected.y1(k) + ") has no equal in the other run");
            taken[match] = true;
        }
    }

    private static boolean sameDetection(Detections a, int i, Detections b, int j) {
        return a.classId(i) == b.classId(j) && Math.abs(a.score(i) - b.score(j)) <= 1e-4
                && Math.abs(a.x1(i) - b.x1(j)) <= 0.5 && Math.abs(a.y1(i) - b.y1(j)) <= 0.5
                && Math.abs(a.x2(i) - b.x2(j)) <= 0.5 && Math.abs(a.y2(i) - b.y2(j)) <= 0.5;
    }
}
