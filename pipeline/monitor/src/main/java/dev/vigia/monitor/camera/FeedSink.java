package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import dev.vigia.pipeline.FrameResult;
import dev.vigia.pipeline.Sink;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The annotated frame of one camera, encoded once as JPEG for everything that shows or keeps it:
 * the dashboard's live view and the clip recorder's rolling buffer.
 */
public final class FeedSink implements Sink {

    private final CameraState state;
    private final ClipRecorder clips;
    private final Mat frame = new Mat();
    private final BytePointer encoded = new BytePointer();
    private final IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 80);

    /** @param clips the camera's clip recorder, or null */
    public FeedSink(CameraState state, ClipRecorder clips) {
        this.state = state;
        this.clips = clips;
    }

    @Override
    public String name() {
        return "feed";
    }

    @Override
    public void accept(FrameResult result) {
        result.copyRenderedImage(frame);
        if (!imencode(".jpg", frame, encoded, params)) {
            throw new IllegalStateException("JPEG encoding failed for a " + frame.cols() + "x" + frame.rows() + " frame");
        }
        byte[] jpeg = new byte[(int) encoded.limit()];
        encoded.get(jpeg);
        dev.vigia.pipeline.motion.MotionBoxes moved = result.attribute(dev.vigia.pipeline.motion.MotionGate.BOXES);
        float[] boxes = new float[moved.size() * 4];
        for (int i = 0; i < moved.size(); i++) {
            boxes[4 * i] = moved.x1(i);
            boxes[4 * i + 1] = moved.y1(i);
            boxes[4 * i + 2] = moved.x2(i);
            boxes[4 * i + 3] = moved.y2(i);
        }
        // Before the frame: a viewer woken by the new frame reads its boxes.
        state.motion(boxes, frame.cols(), frame.rows());
        state.frame(jpeg);
        if (clips != null) {
            clips.frame(jpeg);
        }
    }

    @Override
    public void close() {
        frame.close();
        encoded.close();
        params.close();
    }
}
