package dev.vigia.models.detect;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.nms.Suppressor;
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

    /**
     * The family's own suppression of the candidates {@link #decode} emits, which the detector runs
     * once unless the caller suppresses them itself (the pipeline's {@code --nms}); null for
     * families whose models need none (CenterNet's peaks, TF Object Detection API exports).
     */
    default Suppressor defaultSuppressor() {
        return null;
    }

    /** Whether the detections carry instance masks (Mask R-CNN). */
    default boolean givesMasks() {
        return false;
    }
}
