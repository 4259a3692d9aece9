package dev.vigia.pipeline;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Drives one stage without a ring, in the spirit of Netty's EmbeddedChannel: offer frames, then
 * finish. Frames are numbered from 0 at 10 fps.
 */
public final class StageHarness {

    private final Stage stage;
    private long sequence;

    public StageHarness(Stage stage) {
        this.stage = stage;
        stage.onStart();
    }

    /** A gray frame of this size, with no detections or tracks yet. */
    public static FrameEvent frame(long index, int width, int height) {
        FrameEvent event = new FrameEvent();
        new Mat(height, width, opencv_core.CV_8UC3, new Scalar(90, 90, 90, 0)).copyTo(event.image);
        event.frameIndex = index;
        event.timestampMicros = index * 100_000;
        event.captureNanos = System.nanoTime();
        return event;
    }

    public StageHarness offer(FrameEvent event) throws Exception {
        stage.onFrame(event, sequence++, true);
        return this;
    }

    public void finish() {
        stage.onStop();
    }
}
