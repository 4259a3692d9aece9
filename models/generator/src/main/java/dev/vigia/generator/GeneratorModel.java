package dev.vigia.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A trained generator as a folder: {@code model.json} (vocabulary, word vectors, attributes,
 * held-out combinations, figures) beside the text encoder's and the averaged generator's
 * parameters. {@link #generate} draws images for a prompt; the same seed gives the same images.
 */
public final class GeneratorModel implements AutoCloseable {

    static final String DESCRIPTION = "model.json";
    static final String TEXT_ENCODER = "text-encoder.params";
    static final String GENERATOR = "generator.params";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NDManager manager;
    private final ObjectNode description;
    private final Vocabulary vocabulary;
    private final TextEncoder encoder;
    private final ConditionalGan gan;
    private final ParameterStore store;

    private GeneratorModel(NDManager manager, ObjectNode description, Vocabulary vocabulary, TextEncoder encoder, ConditionalGan gan) {
        this.manager = manager;
        this.description = description;
        this.vocabulary = vocabulary;
        this.encoder = encoder;
        this.gan = gan;
        this.store = new ParameterStore(manager, false);
    }

    /** Whether {@code folder} holds a trained model. */
    public static boolean exists(Path folder) {
        return Files.isRegularFile(folder.resolve(DESCRIPTION)) && Files.isRegularFile(folder.resolve(GENERATOR));
    }

    /** Checks {@code prompt}'s words against the model's vocabulary without starting the engine (a one-line error if one is unknown). */
    public static void checkPrompt(Path folder, String prompt) {
        try {
            vocabulary(JSON.readTree(folder.resolve(DESCRIPTION).toFile())).encode(prompt);
        } catch (IOException e) {
            throw new UserError("Cannot read the generator in " + folder + ": " + e.getMessage());
        }
    }

    public static GeneratorModel load(Path folder) {
        if (!exists(folder)) {
            throw new UserError("No trained generator in " + folder);
        }
        try {
            ObjectNode description = (ObjectNode) JSON.readTree(folder.resolve(DESCRIPTION).toFile());
            NDManager manager = PyTorchEngine.get().newBaseManager();
            Vocabulary vocabulary = vocabulary(description);
            TextEncoder encoder = encoder(description);
            encoder.initialize(manager);
            encoder.weights(null).load(manager, folder.resolve(TEXT_ENCODER));
            ConditionalGan gan = new ConditionalGan(manager, description.get("size").asInt(), encoder.outputs(), attributes(description));
            gan.averageWeights.load(manager, folder.resolve(GENERATOR));
            return new GeneratorModel(manager, description, vocabulary, encoder, gan);
        } catch (IOException e) {
            throw new UserError("Cannot read the generator in " + folder + ": " + e.getMessage());
        }
    }

    static Vocabulary vocabulary(JsonNode description) {
        List<String> words = new ArrayList<>();
        description.get("vocabulary").forEach(w -> words.add(w.asText()));
        return new Vocabulary(words);
    }

    static TextEncoder encoder(JsonNode description) {
        ArrayNode rows = (ArrayNode) description.get("embeddings");
        float[][] embeddings = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            embeddings[i] = new float[rows.get(i).size()];
            for (int d = 0; d < embeddings[i].length; d++) {
                embeddings[i][d] = (float) rows.get(i).get(d).asDouble();
            }
        }
        return new TextEncoder(embeddings, description.get("max_words").asInt(), description.get("text_dimensions").asInt(),
                attributes(description));
    }

    static Attributes attributes(JsonNode description) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        description.get("attributes").fields().forEachRemaining(e -> {
            List<String> list = new ArrayList<>();
            e.getValue().forEach(v -> list.add(v.asText()));
            values.put(e.getKey(), list);
        });
        return Attributes.of(values);
    }

    /** {@code n} images for {@code prompt}; seed {@code seed} gives the same images each time. */
    public List<BufferedImage> generate(String prompt, int n, long seed) {
        int[] ids = vocabulary.encode(prompt);
        try (NDManager step = manager.newSubManager()) {
            List<int[]> captions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                captions.add(ids);
            }
            NDArray text = encoder.encode(step, store, captions, false);
            NDArray images = gan.generate(noise(step, n, seed), text);
            return images(images.toFloatArray(), n, gan.size());
        }
    }

    /** Normal noise from Java's seeded generator, so that a seed means the same images on every engine and machine. */
    static NDArray noise(NDManager manager, int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n * ConditionalGan.NOISE];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, new Shape(n, ConditionalGan.NOISE));
    }

    static List<BufferedImage> images(float[] pixels, int n, int size) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(CaptionedCrops.image(pixels, i * 3 * size * size, size));
        }
        return out;
    }

    public List<String> vocabulary() {
        return vocabulary.words();
    }

    /** What training measured and recorded ({@code model.json}'s figures). */
    public JsonNode figures() {
        return description.path("figures");
    }

    public JsonNode description() {
        return description;
    }

    @Override
    public void close() {
        manager.close();
    }
}
