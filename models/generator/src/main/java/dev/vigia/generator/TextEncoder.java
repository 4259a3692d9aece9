package dev.vigia.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import java.util.List;

/**
 * A caption to what the GAN is conditioned on, by a small attention encoder. Each word is seen
 * with its neighbours (the word before and after: "dark" before "top" is not "dark" before
 * "trousers"); one attention head per attribute weighs the words and pools them; the pooled
 * heads become the caption's vector, and each head alone is read as its attribute's value.
 * Attention, and one head per attribute, rather than a recurrent network: an LSTM (and heads
 * read all together) learnt the captions' combinations by heart and misread combinations they
 * had not seen, while a head that must find the word before "trousers" reads it whatever the
 * top was. The word embeddings start as the Word2Vec vectors and are
 * tuned with the rest (captions from one template give colour words the same neighbours, so
 * Word2Vec alone puts them close together).
 */
final class TextEncoder {

    static final int HIDDEN = 32;

    private final float[][] embeddings;
    private final Attributes attributes;
    private final int maxWords;
    private final int dimensions;
    private final int heads;
    private final SequentialBlock embedding;
    private final SequentialBlock scores;
    private final SequentialBlock values;
    private final SequentialBlock out;
    private final List<SequentialBlock> readers = new java.util.ArrayList<>();

    TextEncoder(float[][] embeddings, int maxWords, int dimensions, Attributes attributes) {
        this.embeddings = embeddings;
        this.maxWords = maxWords;
        this.dimensions = dimensions;
        this.attributes = attributes;
        this.heads = attributes.names().size();
        this.embedding = new SequentialBlock().add(Linear.builder().setUnits(embeddings[0].length).optBias(false).build());
        this.scores = Networks.linear(heads);
        this.values = Networks.linear(HIDDEN);
        this.out = Networks.linear(dimensions);
        for (String name : attributes.names()) {
            readers.add(Networks.linear(attributes.values().get(name).size()));
        }
    }

    void initialize(NDManager manager) {
        int width = embeddings[0].length;
        embedding.initialize(manager, DataType.FLOAT32, new Shape(1, maxWords, embeddings.length));
        float[] start = new float[embeddings.length * width];
        for (int word = 0; word < embeddings.length; word++) {
            for (int d = 0; d < width; d++) {
                start[d * embeddings.length + word] = embeddings[word][d];
            }
        }
        embedding.getParameters().get(0).getValue().getArray().set(start);
        scores.initialize(manager, DataType.FLOAT32, new Shape(1, maxWords, 3L * width));
        values.initialize(manager, DataType.FLOAT32, new Shape(1, maxWords, 3L * width));
        out.initialize(manager, DataType.FLOAT32, new Shape(1, (long) heads * HIDDEN));
        for (SequentialBlock reader : readers) {
            reader.initialize(manager, DataType.FLOAT32, new Shape(1, HIDDEN));
        }
    }

    Weights weights(Optimizer optimizer) {
        List<ai.djl.nn.Block> blocks = new java.util.ArrayList<>(List.of(embedding, scores, values, out));
        blocks.addAll(readers);
        return new Weights(optimizer, blocks.toArray(new ai.djl.nn.Block[0]));
    }

    /**
     * What the GAN is conditioned on, one row per caption: the caption's vector and, per
     * attribute, the probabilities of its values as read from that vector. The second part lets
     * the GAN draw a combination it never saw: each value on its own it has seen.
     */
    NDArray encode(NDManager manager, ParameterStore store, List<int[]> captions, boolean training) {
        NDArray pooled = pooled(manager, store, captions, training);
        NDList parts = new NDList(vector(store, pooled, training));
        for (int k = 0; k < heads; k++) {
            parts.add(read(store, pooled, k, training).softmax(1));
        }
        return NDArrays.concat(parts, 1);
    }

    /** Each caption's attribute values as the encoder reads them. */
    List<int[]> read(NDManager manager, ParameterStore store, List<int[]> captions) {
        return attributes.predict(logits(store, pooled(manager, store, captions, false), false));
    }

    /** One step of learning to read each attribute from a caption; returns the loss. */
    float learn(NDManager manager, ParameterStore store, List<int[]> captions, List<int[]> labels, Weights weights) {
        float value;
        try (GradientCollector collector = PyTorchEngine.get().newGradientCollector()) {
            NDArray logits = logits(store, pooled(manager, store, captions, true), true);
            NDArray loss = attributes.crossEntropy(manager, logits, labels);
            collector.backward(loss);
            value = loss.getFloat();
        }
        weights.step();
        return value;
    }

    /** All attributes' logits side by side, each from its own head. */
    private NDArray logits(ParameterStore store, NDArray pooled, boolean training) {
        NDList parts = new NDList();
        for (int k = 0; k < heads; k++) {
            parts.add(read(store, pooled, k, training));
        }
        return NDArrays.concat(parts, 1);
    }

    private NDArray read(ParameterStore store, NDArray pooled, int head, boolean training) {
        return readers.get(head).forward(store, new NDList(pooled.get(":, " + head + ", :")), training).head();
    }

    private NDArray vector(ParameterStore store, NDArray pooled, boolean training) {
        long batch = pooled.getShape().get(0);
        return out.forward(store, new NDList(pooled.reshape(batch, (long) heads * HIDDEN)), training).head();
    }

    /** Batch × heads × HIDDEN: what each attribute's head found in each caption. */
    private NDArray pooled(NDManager manager, ParameterStore store, List<int[]> captions, boolean training) {
        int vocabulary = embeddings.length;
        int batch = captions.size();
        float[] words = new float[batch * maxWords * vocabulary];
        float[] padding = new float[batch * maxWords];
        for (int b = 0; b < batch; b++) {
            int[] ids = captions.get(b);
            int used = Math.min(ids.length, maxWords);
            for (int t = 0; t < maxWords; t++) {
                if (t < used) {
                    words[(b * maxWords + t) * vocabulary + ids[t]] = 1;
                } else {
                    padding[b * maxWords + t] = -1e4f;
                }
            }
        }
        NDArray embedded = embedding.forward(store, new NDList(manager.create(words, new Shape(batch, maxWords, vocabulary))),
                training).head();
        // Each word beside the one before and the one after (zeros past the ends).
        long width = embedded.getShape().get(2);
        NDArray zero = manager.zeros(new Shape(batch, 1, width));
        NDArray before = NDArrays.concat(new NDList(zero, embedded.get(":, 0:" + (maxWords - 1) + ", :")), 1);
        NDArray after = NDArrays.concat(new NDList(embedded.get(":, 1:, :"), zero), 1);
        NDArray context = NDArrays.concat(new NDList(before, embedded, after), 2);
        NDArray weights = scores.forward(store, new NDList(context), training).head()
                .add(manager.create(padding, new Shape(batch, maxWords, 1))).softmax(1);
        return weights.transpose(0, 2, 1).matMul(values.forward(store, new NDList(context), training).head());
    }

    /** The width of {@link #encode}'s rows. */
    int outputs() {
        return dimensions + attributes.width();
    }
}
