package dev.vigia.app.common;

import dev.vigia.models.precision.Precision;
import picocli.CommandLine.Option;

/** {@code --precision} for a command that runs one detector: fp32 unless asked otherwise. */
public final class PrecisionOption {

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "auto|fp32|bf16", description = PrecisionFlag.DESCRIPTION)
    String value;

    /** The precision asked for (a wrong word is a user error naming the choices). */
    public Precision asked() {
        return Precision.parse(value);
    }
}
