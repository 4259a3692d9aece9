package dev.vigia.app.common;

import dev.vigia.models.precision.Precision;
import picocli.CommandLine.Option;

/** {@code --precision} for the super-resolution commands, whose tolerance is an image's PSNR. */
public final class UpscalePrecisionOption {

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "auto|fp32|bf16",
            description = "Number format inference runs at: fp32, bf16 (CPUs with avx512_bf16 or amx_bf16 only), or auto:"
                    + " on such a CPU, measure both once per model and CPU and keep bf16 where it is faster and its images"
                    + " stay within 40 dB PSNR of fp32's (default: ${DEFAULT-VALUE}).")
    public String value;

    /** The precision asked for (a wrong word is a user error naming the choices). */
    public Precision asked() {
        return Precision.parse(value);
    }
}
