package dev.vigia.models.detect;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A frame already turned into its model's input by a {@link FramePreparer}, so that
 * preprocessing can run on another thread and core than inference: a pipeline prepares the next
 * frames while the detector is busy with this one. Reusable: each preparation overwrites the
 * input, which keeps its memory.
 */
public final class PreparedFrame implements AutoCloseable {

    /** The model input of one image, in the model's layout and element type. */
    final Mat blob = new Mat();
    FrameTransform transform;
    long prepareNanos;

    /** Whether a preparer has filled this frame since it was made. */
    public boolean isPrepared() {
        return transform != null;
    }

    /** Makes this an exact copy of {@code other}, into this frame's own memory. */
    void copyFrom(PreparedFrame other) {
        other.blob.copyTo(blob);
        transform = other.transform;
        prepareNanos = other.prepareNanos;
    }

    @Override
    public void close() {
        blob.close();
    }
}
