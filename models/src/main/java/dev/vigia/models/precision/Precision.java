package dev.vigia.models.precision;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import java.util.Locale;

/**
 * The number format a model's graph runs in. {@code BF16} asks TensorFlow's oneDNN graph rewrite
 * to run what it can in bfloat16 (half the memory traffic, and native dot products on CPUs with
 * {@code avx512_bf16} or {@code amx_bf16}); {@code AUTO} lets Vigía measure both on this CPU and
 * keep bfloat16 only where it is faster and the outputs stay within tolerance ({@link PrecisionChooser}).
 */
public enum Precision {
    AUTO, FP32, BF16;

    /** {@code auto}, {@code fp32} or {@code bf16}, any case; anything else is an invalid {@code precision} setting. */
    public static Precision parse(String text) {
        if (text != null) {
            for (Precision p : values()) {
                if (p.name().equalsIgnoreCase(text.trim())) {
                    return p;
                }
            }
        }
        throw new InvalidSettingException(Setting.PRECISION, text, "precision '" + text + "' is not auto, fp32 or bf16");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
