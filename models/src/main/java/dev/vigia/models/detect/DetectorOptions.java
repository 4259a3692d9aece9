package dev.vigia.models.detect;

import dev.vigia.config.UserError;
import dev.vigia.models.engine.DeviceChoice;

/**
 * What a user chooses when opening a detector: the score threshold, the device, and whether the
 * detector suppresses overlaps itself with its family's NMS (the default) or returns every
 * candidate for a suppressor the caller runs once (the pipeline's {@code --nms}).
 */
public record DetectorOptions(float scoreThreshold, DeviceChoice device, boolean candidatesOnly) {

    public static final float DEFAULT_SCORE = 0.3f;

    public DetectorOptions {
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new UserError("--score must be in [0, 1), got " + scoreThreshold);
        }
    }

    public DetectorOptions(float scoreThreshold, DeviceChoice device) {
        this(scoreThreshold, device, false);
    }

    /** These options, returning candidates for a suppressor of the caller's. */
    public DetectorOptions withCandidatesOnly() {
        return new DetectorOptions(scoreThreshold, device, true);
    }

    public static DetectorOptions defaults() {
        return new DetectorOptions(DEFAULT_SCORE, DeviceChoice.AUTO);
    }
}
