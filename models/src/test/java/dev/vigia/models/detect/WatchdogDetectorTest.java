package dev.vigia.models.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class WatchdogDetectorTest {

    /**
     * Stands in for a device whose driver hangs (which cannot be made to happen here): the third
     * predictor made never answers its second call. Every other call reports the frame's width as
     * one detection, so results show which frame they came from.
     */
    private static final class HangingPredictors {
        final AtomicInteger made = new AtomicInteger();
        final CountDownLatch never = new CountDownLatch(1);

        Detector next() {
            int number = made.incrementAndGet();
            AtomicInteger calls = new AtomicInteger();
            return new Detector() {
                @Override
                public void detect(Mat frame, Detections into) {
                    if (number == 1 && calls.incrementAndGet() == 3) {
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            // Ignored on purpose: a native call stuck in a driver does not answer interrupts either.
                            Thread.currentThread().interrupt();
                        }
                        into.add(0, 0, 1, 1, 0.99f, 42);
                        return;
                    }
                    into.clear();
                    into.add(0, 0, frame.cols(), frame.rows(), 0.5f, number);
                }

                @Override
                public LabelMap labels() {
                    return LabelMap.resolve("coco80");
                }

                @Override
                public String name() {
                    return "hanging-" + number;
                }

                @Override
                public void close() {}
            };
        }
    }

    @Test
    void aStuckCallIsAbandonedAndAFreshPredictorAnswersTheNextOnes() {
        HangingPredictors predictors = new HangingPredictors();
        try (WatchdogDetector detector = new WatchdogDetector(predictors::next, Duration.ofMillis(300));
                Mat small = new Mat(10, 20, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
                Mat large = new Mat(30, 40, org.bytedeco.opencv.global.opencv_core.CV_8UC3)) {
            Detections into = new Detections();
            detector.detect(small, into);
            assertEquals(20, into.x2(0), 0);
            detector.detect(large, into);
            assertEquals(40, into.x2(0), 0);
            DetectorStuckException stuck = assertThrows(DetectorStuckException.class, () -> detector.detect(small, into));
            assertTrue(stuck.getMessage().contains("a fresh predictor takes over"), stuck.getMessage());
            // The deadline is the floor or 20 times the usual call, whichever is longer; on a loaded machine the first
            // calls (class loading, a thread's start) can take tens of milliseconds, so only the floor is certain.
            Matcher waited = Pattern.compile("has not answered for ([0-9.]+) s").matcher(stuck.getMessage());
            assertTrue(waited.find(), stuck.getMessage());
            assertTrue(Double.parseDouble(waited.group(1)) >= 0.3, "never before the floor: " + stuck.getMessage());
            assertEquals(1, detector.abandonedCalls());
            detector.detect(large, into);
            assertEquals(2, into.classId(0), "the second predictor answered");
            assertEquals(40, into.x2(0), 0);
            // When the stuck call finally returns it writes into its own buffers, never into ours.
            predictors.never.countDown();
            detector.detect(small, into);
            assertEquals(1, into.size());
            assertEquals(20, into.x2(0), 0);
            assertEquals(2, into.classId(0));
        }
    }

    @Test
    void aRealDetectorBehindTheWatchdogFindsExactlyWhatItFindsAlone() {
        Mat photo = imread(SampleMedia.standard().file("person.jpg").toString());
        DetectorOptions options = new DetectorOptions(0.3f, DeviceChoice.CPU);
        try (DetectorModel model = Detectors.load(ModelStore.standard(), "nanodet", options);
                Detector alone = model.newDetector();
                WatchdogDetector guarded = new WatchdogDetector(model::newDetector, Duration.ofSeconds(5))) {
            Detections expected = alone.detect(photo);
            assertTrue(expected.size() >= 2, "person.jpg has a person, a dog and a horse");
            Detections[] batch = {new Detections(), new Detections()};
            guarded.detectBatch(List.of(photo, photo), Arrays.asList(batch));
            for (Detections got : batch) {
                assertEquals(expected.size(), got.size());
                assertArrayEquals(Arrays.copyOf(expected.boxArray(), expected.size() * 4), Arrays.copyOf(got.boxArray(), got.size() * 4));
                assertArrayEquals(Arrays.copyOf(expected.scoreArray(), expected.size()), Arrays.copyOf(got.scoreArray(), got.size()));
            }
        }
    }
}
