package dev.vigia.models.detect;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.catalog.LabelMap;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds objects in a frame. Frames are OpenCV BGR images; detections come back in that frame's
 * pixel coordinates, with the time spent in preprocessing, inference and postprocessing.
 *
 * <p>One instance holds one model predictor and is used by one thread at a time; a pipeline with
 * several detection workers takes one detector per worker from a shared {@link DetectorModel}.
 */
public interface Detector extends AutoCloseable {

    /** Clears {@code into} and fills it with this frame's detections above the score threshold. */
    void detect(Mat bgrFrame, Detections into);

    default Detections detect(Mat bgrFrame) {
        Detections detections = new Detections();
        detect(bgrFrame, detections);
        return detections;
    }

    /**
     * Fills {@code into.get(i)} with the detections of {@code bgrFrames.get(i)}, exactly as
     * {@link #detect(Mat, Detections)} would; where {@link #batchesInOneInference} says so, in one
     * inference.
     */
    default void detectBatch(List<Mat> bgrFrames, List<Detections> into) {
        for (int i = 0; i < bgrFrames.size(); i++) {
            detect(bgrFrames.get(i), into.get(i));
        }
    }

    /**
     * A preparer of frames for this detector's model, for another thread, so that preprocessing
     * overlaps inference ({@link #detectPrepared}); empty when this detector takes whole frames only.
     */
    default Optional<FramePreparer> newPreparer() {
        return Optional.empty();
    }

    /**
     * Fills {@code into.get(i)} with the detections of {@code frames.get(i)}, prepared by a
     * {@link #newPreparer()} of this detector, exactly as {@link #detect(Mat, Detections)} would
     * on the frame itself.
     *
     * @throws UnsupportedOperationException when {@link #newPreparer()} is empty
     */
    default void detectPrepared(List<PreparedFrame> frames, List<Detections> into) {
        throw new UnsupportedOperationException(name() + " takes whole frames only");
    }

    /** The most frames one inference of the model's graph takes ({@link Integer#MAX_VALUE}: any number; 1: one at a time). */
    default int batchLimit() {
        return 1;
    }

    /** Whether {@link #detectBatch} runs {@code frames} frames in one inference (else one by one). */
    default boolean batchesInOneInference(int frames) {
        return false;
    }

    LabelMap labels();

    /** The model id, for logs and reports. */
    String name();

    @Override
    void close();
}
