package dev.vigia.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The attributes captions are built from (upper, lower, motion...), each with its values, as logits laid end to end. */
public record Attributes(List<String> names, Map<String, List<String>> values) {

    public static Attributes of(Map<String, List<String>> values) {
        return new Attributes(List.copyOf(values.keySet()), new LinkedHashMap<>(values));
    }

    /** All attributes' values side by side: the width of a logit row. */
    public int width() {
        int width = 0;
        for (String name : names) {
            width += values.get(name).size();
        }
        return width;
    }

    /** Each attribute's value index for {@code attributes}; -1 for a value not known. */
    public int[] labels(Map<String, String> attributes) {
        int[] labels = new int[names.size()];
        for (int k = 0; k < names.size(); k++) {
            labels[k] = values.get(names.get(k)).indexOf(attributes.get(names.get(k)));
        }
        return labels;
    }

    /** The mean over attributes of the cross-entropy of {@code logits} (batch × width) against {@code labels}. */
    NDArray crossEntropy(NDManager manager, NDArray logits, List<int[]> labels) {
        NDArray total = null;
        int offset = 0;
        for (int k = 0; k < names.size(); k++) {
            int count = values.get(names.get(k)).size();
            int[] column = new int[labels.size()];
            for (int b = 0; b < labels.size(); b++) {
                column[b] = labels.get(b)[k];
            }
            NDArray logProbabilities = logits.get(":, " + offset + ":" + (offset + count)).logSoftmax(1);
            NDArray loss = logProbabilities.mul(manager.create(column).oneHot(count)).sum(new int[] {1}).neg().mean();
            total = total == null ? loss : total.add(loss);
            offset += count;
        }
        return total.div(names.size());
    }

    /** Each row's predicted value index per attribute. */
    List<int[]> predict(NDArray logits) {
        float[] flat = logits.toFloatArray();
        int rows = (int) logits.getShape().get(0);
        int width = (int) logits.getShape().get(1);
        List<int[]> out = new ArrayList<>();
        for (int b = 0; b < rows; b++) {
            int[] predicted = new int[names.size()];
            int offset = 0;
            for (int k = 0; k < names.size(); k++) {
                int count = values.get(names.get(k)).size();
                int best = 0;
                for (int v = 1; v < count; v++) {
                    if (flat[b * width + offset + v] > flat[b * width + offset + best]) {
                        best = v;
                    }
                }
                predicted[k] = best;
                offset += count;
            }
            out.add(predicted);
        }
        return out;
    }

    /** Binary cross-entropy of logits against all-real or all-fake. */
    static NDArray realness(NDArray logits, boolean real) {
        return Activation.softPlus(real ? logits.neg() : logits).mean();
    }
}
