package dev.vigia.models.precision;

import java.util.Locale;

/**
 * The precision a model runs at on one CPU, and why. {@code fp32Ms} and {@code bf16Ms} are the
 * median inference times the decision was measured at (NaN when nothing was measured: forced, or
 * a CPU without native bfloat16); {@code trialSeconds} what measuring cost.
 */
public record PrecisionDecision(Precision precision, String reason, double fp32Ms, double bf16Ms, double trialSeconds) {

    public PrecisionDecision {
        if (precision == Precision.AUTO) {
            throw new IllegalArgumentException("a decision is fp32 or bf16, not auto");
        }
    }

    /** A decision nothing was measured for. */
    public static PrecisionDecision unmeasured(Precision precision, String reason) {
        return new PrecisionDecision(precision, reason, Double.NaN, Double.NaN, 0);
    }

    public boolean measured() {
        return !Double.isNaN(fp32Ms) && !Double.isNaN(bf16Ms);
    }

    /** One line for a run's summary: {@code bf16 (auto: 2.4x faster, outputs within tolerance)}. */
    public String summary() {
        return precision + " (" + reason + ")";
    }

    @Override
    public String toString() {
        return measured()
                ? String.format(Locale.ROOT, "%s (%s; fp32 %.1f ms, bf16 %.1f ms)", precision, reason, fp32Ms, bf16Ms)
                : summary();
    }
}
