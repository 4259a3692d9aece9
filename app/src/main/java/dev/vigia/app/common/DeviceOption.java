package dev.vigia.app.common;

import dev.vigia.models.engine.DeviceChoice;
import picocli.CommandLine.Option;

/** {@code --device} for a command that loads its model itself: a GPU when DJL finds one, unless told. */
public final class DeviceOption {

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu",
            description = "Where inference runs (default: ${DEFAULT-VALUE}: a GPU when DJL finds one).")
    String value;

    /** The device asked for (a wrong word is a user error naming the choices). */
    public DeviceChoice choice() {
        return DeviceChoice.parse(value);
    }
}
