package dev.vigia.models.engine;

import dev.vigia.config.UserError;
import java.util.Locale;

/** Where inference runs: {@code auto} takes a GPU when DJL finds one. */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    public static DeviceChoice parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("Unknown device '" + text + "'; use auto, cpu or gpu");
        }
    }
}
