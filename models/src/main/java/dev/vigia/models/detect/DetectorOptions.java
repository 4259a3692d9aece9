package dev.vigia.models.detect;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.InferenceThreads;
import dev.vigia.models.precision.Precision;

/**
 * What a user chooses when opening a detector: the score threshold, the device, whether the
 * detector suppresses overlaps itself with its family's NMS (the default) or returns every
 * candidate for a suppressor the caller runs once (the pipeline's {@code --nms}),
 * TensorFlow's thread pools and the precision the graph runs at ({@code fp32} by default;
 * {@code auto} here uses the decision stored for this CPU, else fp32: the trial that makes a
 * decision needs sample images, which the pipeline's {@code DetectorPrecision} brings).
 */
public record DetectorOptions(float scoreThreshold, DeviceChoice device, boolean candidatesOnly, InferenceThreads threads,
        BatchedInference batchedInference, Precision precision) {

    /**
     * Whether a batch of frames becomes one inference where the model's graph allows it. On a CPU
     * one inference per frame is faster (face-api SSD on 2 cores: 11.8 fps one by one, 9.3 fps in
     * batches of 4, 8.7 in batches of 8), so {@code GPU_ONLY} is the default; {@code ALWAYS} forces it.
     */
    public enum BatchedInference { GPU_ONLY, ALWAYS }

    public static final float DEFAULT_SCORE = 0.3f;

    public DetectorOptions {
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new InvalidSettingException(Setting.SCORE, "the score threshold must be in [0, 1), got " + scoreThreshold);
        }
        if (threads == null) {
            threads = InferenceThreads.tensorFlowDefault();
        }
        if (batchedInference == null) {
            batchedInference = BatchedInference.GPU_ONLY;
        }
        if (precision == null) {
            precision = Precision.FP32;
        }
    }

    public DetectorOptions(float scoreThreshold, DeviceChoice device, boolean candidatesOnly, InferenceThreads threads,
            BatchedInference batchedInference) {
        this(scoreThreshold, device, candidatesOnly, threads, batchedInference, null);
    }

    public DetectorOptions(float scoreThreshold, DeviceChoice device) {
        this(scoreThreshold, device, false, null, null);
    }

    /** These options, returning candidates for a suppressor of the caller's. */
    public DetectorOptions withCandidatesOnly() {
        return new DetectorOptions(scoreThreshold, device, true, threads, batchedInference, precision);
    }

    /** These options with TensorFlow's thread pools sized as given. */
    public DetectorOptions withThreads(InferenceThreads inferenceThreads) {
        return new DetectorOptions(scoreThreshold, device, candidatesOnly, inferenceThreads, batchedInference, precision);
    }

    /** These options with batches run as one inference on any device (or only on a GPU). */
    public DetectorOptions withBatchedInference(BatchedInference when) {
        return new DetectorOptions(scoreThreshold, device, candidatesOnly, threads, when, precision);
    }

    /** These options with the graph run at {@code graphPrecision}. */
    public DetectorOptions withPrecision(Precision graphPrecision) {
        return new DetectorOptions(scoreThreshold, device, candidatesOnly, threads, batchedInference, graphPrecision);
    }

    public static DetectorOptions defaults() {
        return new DetectorOptions(DEFAULT_SCORE, DeviceChoice.AUTO);
    }
}
