package dev.vigia.models.precision;

/**
 * Runs one model at both precisions on sample inputs: how long each takes and whether bfloat16's
 * outputs stay within the model kind's tolerance of float32's. Each kind of model (detector,
 * segmenter, upscaler) says what "within tolerance" means for its outputs.
 */
@FunctionalInterface
public interface PrecisionTrial {

    Outcome run();

    /**
     * @param fp32Ms median inference time at float32
     * @param bf16Ms median inference time at bfloat16
     * @param outputsKept whether bfloat16's outputs are within tolerance
     * @param comparison what was compared and how far apart, in words ("AP 41.2 vs 41.0, 31/31 boxes within 1 px")
     */
    record Outcome(double fp32Ms, double bf16Ms, boolean outputsKept, String comparison) {}
}
