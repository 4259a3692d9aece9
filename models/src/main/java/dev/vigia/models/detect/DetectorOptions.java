package dev.vigia.models.detect;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.InferenceThreads;

/**
 * What a user chooses when opening a detector: the score threshold, the device, whether the
 * detector suppresses overlaps itself with its family's NMS (the default) or returns every
 * candidate for a suppressor the caller runs once (the pipeline's {@code --nms}), and
 * TensorFlow's thread pools.
 */
public record DetectorOptions(float scoreThreshold, DeviceChoice device, boolean candidatesOnly, InferenceThreads threads) {

    public static final float DEFAULT_SCORE = 0.3f;

    public DetectorOptions {
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new InvalidSettingException("score", "the score threshold must be in [0, 1), got " + scoreThreshold);
        }
        if (threads == null) {
            threads = InferenceThreads.tensorFlowDefault();
        }
    }

    public DetectorOptions(float scoreThreshold, DeviceChoice device) {
        this(scoreThreshold, device, false, null);
    }

    /** These options, returning candidates for a suppressor of the caller's. */
    public DetectorOptions withCandidatesOnly() {
        return new DetectorOptions(scoreThreshold, device, true, threads);
    }

    /** These options with TensorFlow's thread pools sized as given. */
    public DetectorOptions withThreads(InferenceThreads inferenceThreads) {
        return new DetectorOptions(scoreThreshold, device, candidatesOnly, inferenceThreads);
    }

    public static DetectorOptions defaults() {
        return new DetectorOptions(DEFAULT_SCORE, DeviceChoice.AUTO);
    }
}
