package dev.vigia.app.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.models.precision.PrecisionDecision;

/** The {@code --precision} flag's help text, and how a decision shows in JSON output. */
public final class PrecisionFlag {

    public static final String DESCRIPTION_NO_DEFAULT = "Number format inference runs at: fp32, bf16 (CPUs with avx512_bf16 or amx_bf16 only),"
            + " or auto: on such a CPU, measure both on sample images once per model and CPU (a few seconds) and keep bf16"
            + " where it is faster and its outputs stay within tolerance";
    static final String DESCRIPTION = DESCRIPTION_NO_DEFAULT + " (default: ${DEFAULT-VALUE}).";

    private PrecisionFlag() {}

    /** {@code "precision": "bf16", "precision_reason": "...", and the trial's timings when there was one}. */
    public static void put(ObjectNode node, PrecisionDecision decision) {
        node.put("precision", decision.precision().toString()).put("precision_reason", decision.reason());
        if (decision.measured()) {
            node.put("precision_trial_fp32_ms", decision.fp32Ms()).put("precision_trial_bf16_ms", decision.bf16Ms())
                    .put("precision_trial_seconds", decision.trialSeconds());
        }
    }
}
