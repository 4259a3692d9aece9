package dev.vigia.generator;

import java.util.List;
import java.util.Random;

/**
 * Word embeddings learnt from the captions, skip-gram with negative sampling: each word's vector
 * is pushed towards the vectors of the words around it and away from randomly drawn ones. The
 * captions are few and short, so this is a few thousand updates in plain Java, written here
 * rather than taken from a library because it is this small.
 */
public final class Word2Vec {

    private Word2Vec() {}

    /**
     * @param sentences each caption as word ids
     * @return one vector of {@code dimensions} per word of the vocabulary
     */
    public static float[][] train(List<int[]> sentences, int vocabulary, int dimensions, int window, int epochs, long seed) {
        Random random = new Random(seed);
        float[][] in = new float[vocabulary][dimensions];
        float[][] out = new float[vocabulary][dimensions];
        for (float[] v : in) {
            for (int d = 0; d < dimensions; d++) {
                v[d] = (random.nextFloat() - 0.5f) / dimensions;
            }
        }
        int negatives = 4;
        float[] gradient = new float[dimensions];
        for (int epoch = 0; epoch < epochs; epoch++) {
            float rate = 0.05f * (1 - epoch / (float) epochs) + 0.001f;
            for (int[] sentence : sentences) {
                for (int i = 0; i < sentence.length; i++) {
                    for (int j = Math.max(0, i - window); j <= Math.min(sentence.length - 1, i + window); j++) {
                        if (j == i) {
                            continue;
                        }
                        float[] centre = in[sentence[i]];
                        java.util.Arrays.fill(gradient, 0);
                        for (int k = 0; k <= negatives; k++) {
                            int target = k == 0 ? sentence[j] : random.nextInt(vocabulary);
                            if (k > 0 && target == sentence[j]) {
                                continue;
                            }
                            float[] context = out[target];
                            float dot = 0;
                            for (int d = 0; d < dimensions; d++) {
                                dot += centre[d] * context[d];
                            }
                            float step = rate * ((k == 0 ? 1 : 0) - sigmoid(dot));
                            for (int d = 0; d < dimensions; d++) {
                                gradient[d] += step * context[d];
                                context[d] += step * centre[d];
                            }
                        }
                        for (int d = 0; d < dimensions; d++) {
                            centre[d] += gradient[d];
                        }
                    }
                }
            }
        }
        return in;
    }

    private static float sigmoid(float x) {
        return 1 / (1 + (float) Math.exp(-x));
    }
}
