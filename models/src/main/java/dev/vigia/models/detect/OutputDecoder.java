package dev.vigia.models.detect;

import java.util.List;

/**
 * A detector family's postprocessing: the model's raw outputs in, detections in source-frame
 * pixels out. Works on plain float arrays so it is tested without an inference engine.
 */
public interface OutputDecoder {

    /** Names of the output tensors this decoder reads, in the order {@link #decode} receives them. */
    List<String> outputNames();

    /**
     * Appends this frame's detections scoring above {@code scoreThreshold} to {@code into}.
     *
     * @param outputs one flat array per {@link #outputNames()} entry, in row-major order
     */
    void decode(float[][] outputs, FrameTransform transform, float scoreThreshold, Detections into);
}
