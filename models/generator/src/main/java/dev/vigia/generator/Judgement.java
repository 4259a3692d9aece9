package dev.vigia.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The figures of a trained generator, judged by the attribute classifier: prompt agreement per
 * attribute on combinations seen in training and on those held out, diversity across seeds
 * against that of real crops of the same caption, and a Fréchet distance in the classifier's
 * feature space; beside them, the agreement that guessing would get and the time per image.
 */
final class Judgement {

    static final int SAMPLES = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NDManager manager;
    private final CaptionedCrops data;
    private final Attributes attributes;
    private final Vocabulary vocabulary;
    private final TextEncoder encoder;
    private final ConditionalGan gan;
    private final AttributeClassifier classifier;
    private final List<String> heldOut;
    private final Map<String, String> captions;
    private final ParameterStore store;
    private final JsonNode description;

    Judgement(NDManager manager, CaptionedCrops data, Attributes attributes, Vocabulary vocabulary, TextEncoder encoder,
            ConditionalGan gan, AttributeClassifier classifier, List<String> heldOut, JsonNode description) {
        this.manager = manager;
        this.data = data;
        this.attributes = attributes;
        this.vocabulary = vocabulary;
        this.encoder = encoder;
        this.gan = gan;
        this.classifier = classifier;
        this.heldOut = heldOut;
        this.captions = GeneratorTraining.captions(description);
        this.store = new ParameterStore(manager, false);
        this.description = description;
    }

    ObjectNode figures() {
        ObjectNode figures = JSON.createObjectNode();
        // Judged: the combinations with enough crops to have been learnt from (or held out).
        List<String> seen = new ArrayList<>();
        description.get("combinations").fields().forEachRemaining(e -> {
            if (e.getValue().get("crops").asInt() >= GeneratorTraining.MIN_CROPS_PER_COMBINATION && !heldOut.contains(e.getKey())) {
                seen.add(e.getKey());
            }
        });
        figures.set("prompt_agreement_seen", agreement(seen));
        figures.set("prompt_agreement_held_out", agreement(heldOut));
        double chance = 0;
        for (String name : attributes.names()) {
            chance += 1.0 / attributes.values().get(name).size();
        }
        figures.put("chance_agreement", round(chance / attributes.names().size()));
        double diversity = diversity(seen);
        if (Double.isNaN(diversity)) {
            // No caption has enough real crops to compare with.
            figures.putNull("diversity_vs_real");
        } else {
            figures.put("diversity_vs_real", round(diversity));
        }
        double frechet = frechet();
        if (Double.isNaN(frechet)) {
            // Features that are not numbers: no distance rather than a made-up one.
            figures.putNull("frechet_distance_classifier_features");
        } else {
            figures.put("frechet_distance_classifier_features", round(frechet));
        }
        long start = System.nanoTime();
        try (NDManager step = manager.newSubManager()) {
            // Any caption times the drawing; the first judged one when there is one.
            String caption = seen.isEmpty() ? captions.values().iterator().next() : captions.get(seen.get(0));
            NDArray text = encoder.encode(step, store, Collections.nCopies(64, vocabulary.encode(caption)), false);
            gan.generate(GeneratorModel.noise(step, 64, 1), text).toFloatArray();
        }
        figures.put("generation_ms_per_image", round((System.nanoTime() - start) / 1e6 / 64));
        return figures;
    }

    /** Per attribute and overall: how often the classifier names the prompt's value in its images. */
    private ObjectNode agreement(List<String> combinations) {
        ObjectNode out = JSON.createObjectNode();
        int[] right = new int[attributes.names().size()];
        int total = 0;
        int readRight = 0;
        ObjectNode perPrompt = JSON.createObjectNode();
        List<List<int[]>> predictions = new ArrayList<>();
        for (String combination : combinations) {
            int[] wanted = labels(combination);
            int promptRight = 0;
            List<int[]> judged = classifier.predict(images(captions.get(combination), SAMPLES, 7));
            predictions.add(judged);
            for (int[] predicted : judged) {
                for (int k = 0; k < right.length; k++) {
                    right[k] += predicted[k] == wanted[k] ? 1 : 0;
                    promptRight += predicted[k] == wanted[k] ? 1 : 0;
                }
                total++;
            }
            perPrompt.put(captions.get(combination), round(promptRight / (double) (SAMPLES * right.length)));
            int[] read = encoder.read(manager, store, List.of(vocabulary.encode(captions.get(combination)))).get(0);
            readRight += java.util.Arrays.equals(read, wanted) ? 1 : 0;
        }
        double sum = 0;
        for (int k = 0; k < right.length; k++) {
            double rate = right[k] / (double) total;
            sum += rate;
            if (total == 0) {
                out.putNull(attributes.names().get(k));
            } else {
                out.put(attributes.names().get(k), round(rate));
            }
        }
        if (total == 0) {
            // No combination to judge (too few crops of any): no figure rather than a zero.
            out.putNull("all");
        } else {
            out.put("all", round(sum / right.length));
        }
        out.put("combinations", combinations.size());
        // The same images judged against the next prompt's attributes: what agreement comes without following the prompt.
        if (combinations.size() > 1) {
            int blindRight = 0;
            int blindTotal = 0;
            for (int c = 0; c < combinations.size(); c++) {
                int[] other = labels(combinations.get((c + 1) % combinations.size()));
                for (int[] predicted : predictions.get(c)) {
                    for (int k = 0; k < other.length; k++) {
                        blindRight += predicted[k] == other[k] ? 1 : 0;
                        blindTotal++;
                    }
                }
            }
            out.put("prompt_blind", round(blindRight / (double) blindTotal));
        }
        out.set("judge_on_real_crops", judgeOnRealCrops(combinations));
        // How many of these captions the text encoder itself reads right (all attributes).
        out.put("captions_read_right", readRight);
        out.set("per_prompt", perPrompt);
        return out;
    }

    /**
     * The judge's agreement with the captions of the real crops of these combinations, weighted
     * like the images' (each combination alike): how much of the prompt it can confirm at all.
     * It learnt four fifths of these crops, so this is the most it could say, not a fair test of it.
     */
    private ObjectNode judgeOnRealCrops(List<String> combinations) {
        double[] rates = new double[attributes.names().size()];
        int judged = 0;
        for (String combination : combinations) {
            List<CaptionedCrops.Crop> real = realCrops(combination);
            if (real.isEmpty()) {
                continue;
            }
            int[] wanted = labels(combination);
            List<int[]> predicted;
            try (NDManager step = manager.newSubManager()) {
                predicted = classifier.predict(GeneratorTraining.pixels(step, real));
            }
            for (int k = 0; k < rates.length; k++) {
                int right = 0;
                for (int[] p : predicted) {
                    right += p[k] == wanted[k] ? 1 : 0;
                }
                rates[k] += right / (double) predicted.size();
            }
            judged++;
        }
        ObjectNode out = JSON.createObjectNode();
        if (judged == 0) {
            return out;
        }
        double sum = 0;
        for (int k = 0; k < rates.length; k++) {
            out.put(attributes.names().get(k), round(rates[k] / judged));
            sum += rates[k] / judged;
        }
        out.put("all", round(sum / rates.length));
        return out;
    }

    private List<CaptionedCrops.Crop> realCrops(String combination) {
        return data.crops().stream().filter(c -> c.combination(attributes.names()).equals(combination)).toList();
    }

    /** Mean over captions with 8 or more real crops: pairwise feature distance of generated images / that of real ones. */
    private double diversity(List<String> seen) {
        double ratios = 0;
        int counted = 0;
        for (String combination : seen) {
            List<CaptionedCrops.Crop> real = realCrops(combination);
            if (real.size() < 8) {
                continue;
            }
            List<CaptionedCrops.Crop> some = new ArrayList<>(real);
            Collections.shuffle(some, new Random(3));
            some = some.subList(0, Math.min(SAMPLES, some.size()));
            try (NDManager step = manager.newSubManager()) {
                double generated = meanPairwise(features(images(captions.get(combination), SAMPLES, 11)));
                double actual = meanPairwise(features(GeneratorTraining.pixels(step, some)));
                if (actual > 0) {
                    ratios += generated / actual;
                    counted++;
                }
            }
        }
        return counted == 0 ? Double.NaN : ratios / counted;
    }

    /** Real crops against images generated for the same captions. */
    private double frechet() {
        List<CaptionedCrops.Crop> real = new ArrayList<>(data.crops());
        Collections.shuffle(real, new Random(5));
        real = real.subList(0, Math.min(512, real.size()));
        List<float[]> generated = new ArrayList<>();
        List<float[]> actual = new ArrayList<>();
        for (int from = 0; from < real.size(); from += 64) {
            List<CaptionedCrops.Crop> batch = real.subList(from, Math.min(real.size(), from + 64));
            try (NDManager step = manager.newSubManager()) {
                actual.addAll(features(GeneratorTraining.pixels(step, batch)));
                NDArray text = encoder.encode(step, store, GeneratorTraining.ids(vocabulary, batch), false);
                generated.addAll(features(gan.generate(GeneratorModel.noise(step, batch.size(), 100 + from), text)));
            }
        }
        return FrechetDistance.between(actual.toArray(new float[0][]), generated.toArray(new float[0][]));
    }

    private NDArray images(String caption, int n, long seed) {
        NDArray text = encoder.encode(manager, store, Collections.nCopies(n, vocabulary.encode(caption)), false);
        return gan.generate(GeneratorModel.noise(manager, n, seed), text);
    }

    private List<float[]> features(NDArray images) {
        NDArray features = classifier.features(images);
        int rows = (int) features.getShape().get(0);
        int width = (int) features.getShape().get(1);
        float[] flat = features.toFloatArray();
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            float[] row = new float[width];
            System.arraycopy(flat, i * width, row, 0, width);
            out.add(row);
        }
        return out;
    }

    private static double meanPairwise(List<float[]> rows) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                double d = 0;
                for (int k = 0; k < rows.get(i).length; k++) {
                    double diff = rows.get(i)[k] - rows.get(j)[k];
                    d += diff * diff;
                }
                sum += Math.sqrt(d);
                pairs++;
            }
        }
        return pairs == 0 ? 0 : sum / pairs;
    }

    private int[] labels(String combination) {
        String[] values = combination.split("\\|", -1);
        int[] labels = new int[values.length];
        for (int k = 0; k < values.length; k++) {
            labels[k] = attributes.values().get(attributes.names().get(k)).indexOf(values[k]);
        }
        return labels;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
