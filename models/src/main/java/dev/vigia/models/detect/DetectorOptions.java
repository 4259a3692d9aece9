package dev.vigia.models.detect;

import dev.vigia.config.UserError;
import dev.vigia.models.engine.DeviceChoice;

/** What a user chooses when opening a detector: the score threshold and the device. */
public record DetectorOptions(float scoreThreshold, DeviceChoice device) {

    public static final float DEFAULT_SCORE = 0.3f;

    public DetectorOptions {
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new UserError("--score must be in [0, 1), got " + scoreThreshold);
        }
    }

    public static DetectorOptions defaults() {
        return new DetectorOptions(DEFAULT_SCORE, DeviceChoice.AUTO);
    }
}
