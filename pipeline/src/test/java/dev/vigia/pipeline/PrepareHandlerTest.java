package dev.vigia.pipeline;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.source.SourceInfo;
import dev.vigia.samples.SampleMedia;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Frames are prepared for the model ahead of the detection workers; what the preparer cannot prepare fails that frame alone. */
class PrepareHandlerTest {

    /** vtest.avi with every tenth frame turned into one grey channel, as a broken decoder might hand over. */
    private static final class GreyEveryTenth implements Source {
        private final Source video = FfmpegSource.openFile(SampleMedia.standard().file("vtest.avi").toString());
        private long read;

        @Override
        public SourceInfo info() {
            return video.info();
        }

        @Override
        public Status read(Mat into) {
            Status status = video.read(into);
            if (status == Status.FRAME && read++ % 10 == 0) {
                cvtColor(into, into, COLOR_BGR2GRAY);
            }
            return status;
        }

        @Override
        public long timestampMicros() {
            return video.timestampMicros();
        }

        @Override
        public void close() {
            video.close();
        }
    }

    /** Records, per frame, whether the detector ran on it and how much it found. */
    private static final class DetectionsSeen implements Stage {
        final boolean[] detected = new boolean[795];
        final int[] found = new int[795];

        @Override
        public String name() {
            return "seen";
        }

        @Override
        public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
            detected[(int) event.frameIndex] = event.detected;
            found[(int) event.frameIndex] = event.detections.size();
        }
    }

    @Test
    void aFrameThePreparerRejectsFailsItsDetectionAndTheOthersAreDetected() {
        DetectionsSeen seen = new DetectionsSeen();
        PipelineStats stats = Pipeline.builder()
                .source("v", new GreyEveryTenth(), CaptureMode.FILE, 1, 0)
                .detectors(TestVideos.nanodet(), 2)
                .sinks(List.of(seen))
                .build()
                .run();
        assertEquals(795, stats.framesOut());
        assertEquals(80, stats.stageFailures().get("detect"), "frames 1, 11, ..., 791 are grey");
        assertTrue(stats.failure().isEmpty(), "one frame in ten failing does not fail the run: " + stats.failure());
        int withPeople = 0;
        for (int i = 0; i < 795; i++) {
            if (i % 10 == 0) {
                assertFalse(seen.detected[i], "grey frame " + (i + 1) + " was not detected");
                assertEquals(0, seen.found[i], "grey frame " + (i + 1) + " has no detections");
            } else {
                assertTrue(seen.detected[i], "colour frame " + (i + 1) + " was detected");
                withPeople += seen.found[i] > 0 ? 1 : 0;
            }
        }
        assertTrue(withPeople > 600, "the colour frames show people: " + withPeople + " of 715 with detections");
    }
}
