package dev.vigia.pipeline.track.reid;

import dev.vigia.models.boxes.Detections;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Describes how a detected object looks, as a unit vector: two views of one object point the same
 * way (cosine similarity near 1), two objects less so. Trackers ask only for the detections that
 * take part in an association, all of a frame's at once.
 */
public interface AppearanceEmbedder {

    /** The length of one embedding. */
    int dimension();

    /**
     * Writes the embeddings of {@code detections}' boxes {@code indexes[0..count)}, seen in the BGR
     * {@code image}, into {@code out}: {@link #dimension()} floats each, in the order of
     * {@code indexes}, each of unit length (all zero for a box with no pixels in the image).
     */
    void embed(Mat image, Detections detections, int[] indexes, int count, float[] out);
}
