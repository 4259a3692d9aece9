package dev.vigia.models.detect;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Prepares frames for one detection model ({@link Detector#newPreparer()}): resize, colour order,
 * normalisation and layout, into a {@link PreparedFrame} that any detector over the same model
 * can infer with {@link Detector#detectPrepared}. Used by one thread at a time; it holds its own
 * working images.
 */
public final class FramePreparer implements AutoCloseable {

    private final ImagePreprocessor preprocessor;

    FramePreparer(ImagePreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    /**
     * Fills {@code into} from a BGR frame; the frame itself is not kept.
     *
     * @throws IllegalArgumentException when the frame is empty or not 3-channel
     */
    public void prepare(Mat bgrFrame, PreparedFrame into) {
        long start = System.nanoTime();
        into.transform = null;
        FrameTransform transform = preprocessor.prepare(bgrFrame, into.blob);
        into.prepareNanos = System.nanoTime() - start;
        into.transform = transform;
    }

    @Override
    public void close() {
        preprocessor.close();
    }
}
