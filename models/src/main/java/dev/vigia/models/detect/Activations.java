package dev.vigia.models.detect;

/** The squashing functions decoders apply to raw head outputs, on float arrays in place. */
final class Activations {

    private Activations() {}

    static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    /** Softmax of {@code count} values of {@code in} from {@code offset} into {@code out[0..count)}, max-shifted for stability. */
    static void softmax(float[] in, int offset, int count, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            max = Math.max(max, in[offset + k]);
        }
        float sum = 0;
        for (int k = 0; k < count; k++) {
            out[k] = (float) Math.exp(in[offset + k] - max);
            sum += out[k];
        }
        for (int k = 0; k < count; k++) {
            out[k] /= sum;
        }
    }
}
