package dev.vigia.models.detect;

import dev.vigia.models.catalog.LabelMap;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds objects in a frame. Frames are OpenCV BGR images; detections come back in that frame's
 * pixel coordinates, with the time spent in preprocessing, inference and postprocessing.
 *
 * <p>One instance holds one model predictor and is used by one thread at a time; a pipeline with
 * several detection workers opens one detector per worker.
 */
public interface Detector extends AutoCloseable {

    /** Clears {@code into} and fills it with this frame's detections above the score threshold. */
    void detect(Mat bgrFrame, Detections into);

    default Detections detect(Mat bgrFrame) {
        Detections detections = new Detections();
        detect(bgrFrame, detections);
        return detections;
    }

    LabelMap labels();

    /** The model id, for logs and reports. */
    String name();

    @Override
    void close();
}
