package dev.vigia.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A text-conditioned GAN in the lineage of GAN-INT-CLS and AC-GAN. The discriminator judges an
 * image with a caption's vector: a real image with its own caption is real; a generated image,
 * and a real image with another's caption (the matching-aware term), are fake. From the image
 * alone it also names the image's attributes (the auxiliary classifier): a head that also saw
 * the caption learnt to read the attributes off the caption's vector, which names them, so it
 * taught the generator nothing about drawing them. Against collapse: a mode-seeking term (two
 * noise vectors for one caption must give different images), the batch's standard deviation as
 * an input of the discriminator, and images drawn with an exponential moving average of the
 * generator's weights.
 */
final class ConditionalGan {

    static final int NOISE = 64;
    static final int WIDTH = 128;
    private static final float MODE_SEEKING = 0.2f;
    /**
     * How many times each network's half of a step is computed afresh when its gradients are not
     * numbers, before the step is given up as diverged. On an AMD EPYC (AVX-512) PyTorch 2.7.1's
     * CPU convolution backward pass returned NaN in part of its input gradient with finite input,
     * weights and output gradient (a lone 3 × 3 convolution, 64 × 72 × 32 × 32: 0 to 10 calls in
     * 10, differing from run to run with the same seed), so the optimizer turned the generator's
     * weights to NaN at step 1 from a loss that was finite. Applied, such a step is lost for good;
     * computed again it comes out right, the same batch and noise, so a seed still means one run.
     */
    static final int ATTEMPTS = 5;
    /**
     * The discriminator's layout, kept in a model's description: a checkpoint of another layout
     * cannot be gone on from (its generator still draws). 2: the attribute head sees the image alone.
     */
    static final int DISCRIMINATOR_LAYOUT = 2;

    private final int size;
    private final int textDimensions;
    private final Attributes attributes;
    final SequentialBlock generator;
    final SequentialBlock averageGenerator;
    private final SequentialBlock trunk;
    private final SequentialBlock realnessHead;
    private final SequentialBlock attributeHead;
    Weights generatorWeights;
    final Weights averageWeights;
    Weights discriminatorWeights;
    private ParameterStore store;
    private long steps;

    ConditionalGan(NDManager manager, int size, int textDimensions, Attributes attributes) {
        this.size = size;
        this.textDimensions = textDimensions;
        this.attributes = attributes;
        this.generator = Networks.generator(size, WIDTH);
        this.averageGenerator = Networks.generator(size, WIDTH);
        this.trunk = Networks.trunk(size, WIDTH);
        this.realnessHead = Networks.head(WIDTH, 1);
        this.attributeHead = Networks.head(WIDTH, attributes.width());
        Shape noiseAndText = new Shape(2, NOISE + textDimensions);
        generator.initialize(manager, DataType.FLOAT32, noiseAndText);
        averageGenerator.initialize(manager, DataType.FLOAT32, noiseAndText);
        trunk.initialize(manager, DataType.FLOAT32, new Shape(2, 3, size, size));
        realnessHead.initialize(manager, DataType.FLOAT32, new Shape(2, WIDTH + 1 + textDimensions, Networks.BASE, Networks.BASE));
        attributeHead.initialize(manager, DataType.FLOAT32, new Shape(2, WIDTH, Networks.BASE, Networks.BASE));
        this.generatorWeights = new Weights(adam(), generator);
        this.averageWeights = new Weights(adam(), averageGenerator);
        this.discriminatorWeights = new Weights(adam(), trunk, realnessHead, attributeHead);
        generatorWeights.copyInto(averageWeights);
        this.store = new ParameterStore(manager, false);
    }

    private static Optimizer adam() {
        return Optimizer.adam().optLearningRateTracker(Tracker.fixed(2e-4f)).optBeta1(0.5f).optBeta2(0.999f).build();
    }

    /**
     * One step of each network.
     *
     * @param real the batch's images (B × 3 × S × S)
     * @param text their captions' vectors (B × T), no gradient
     * @param wrongText vectors of captions that do not describe them
     * @param labels their attributes
     * @param noise B × NOISE normal noise; the generator's step uses it as two halves for half the captions
     */
    GeneratorLosses step(NDManager manager, NDArray real, NDArray text, NDArray wrongText, List<int[]> labels, NDArray noise) {
        float[] discriminator = null;
        for (int attempt = 0; attempt < ATTEMPTS && discriminator == null; attempt++) {
            discriminator = discriminatorStep(manager, real, text, wrongText, labels, noise);
        }
        if (discriminator == null) {
            return new GeneratorLosses(Float.NaN, Float.NaN, Float.NaN, Float.NaN);
        }
        float generatorLoss = Float.NaN;
        for (int attempt = 0; attempt < ATTEMPTS && Float.isNaN(generatorLoss); attempt++) {
            generatorLoss = generatorStep(manager, text, labels, noise);
        }
        if (Float.isNaN(generatorLoss)) {
            return new GeneratorLosses(discriminator[0], Float.NaN, discriminator[1], discriminator[2]);
        }
        steps++;
        // The average starts as the weights themselves and settles to a 0.999 decay.
        generatorWeights.blendInto(averageWeights, Math.max(0.001f, 1f / (1 + steps / 10f)));
        return new GeneratorLosses(discriminator[0], generatorLoss, discriminator[1], discriminator[2]);
    }

    /**
     * The discriminator's half of a step: its losses (all, matching, attributes), or null, with
     * nothing changed, when the backward pass gave gradients that are not numbers (see {@link #ATTEMPTS}).
     */
    private float[] discriminatorStep(NDManager manager, NDArray real, NDArray text, NDArray wrongText, List<int[]> labels,
            NDArray noise) {
        float discriminatorLoss;
        float matchingLoss;
        float attributeLoss;
        try (GradientCollector collector = PyTorchEngine.get().newGradientCollector()) {
            NDArray fake = draw(generator, noise, text, true).stopGradient();
            NDArray realGrid = features(real);
            NDArray realness = realness(realGrid, text);
            NDArray mismatched = realness(realGrid, wrongText);
            NDArray faked = realness(features(fake), text);
            NDArray classes = attributes.crossEntropy(manager, attributeLogits(realGrid), labels);
            NDArray matching = Attributes.realness(mismatched, false);
            NDArray loss = Attributes.realness(realness, true).add(matching.add(Attributes.realness(faked, false)).mul(0.5f)).add(classes);
            collector.backward(loss);
            discriminatorLoss = loss.getFloat();
            matchingLoss = matching.getFloat();
            attributeLoss = classes.getFloat();
        }
        generatorWeights.zeroGradients();
        if (!Float.isFinite(discriminatorLoss) || !discriminatorWeights.gradientsFinite()) {
            discriminatorWeights.zeroGradients();
            return null;
        }
        discriminatorWeights.step();
        return new float[] {discriminatorLoss, matchingLoss, attributeLoss};
    }

    /** The generator's half of a step: its loss, or NaN, with nothing changed, when its gradients are not numbers. */
    private float generatorStep(NDManager manager, NDArray text, List<int[]> labels, NDArray noise) {
        long batch = noise.getShape().get(0);
        float generatorLoss;
        try (GradientCollector collector = PyTorchEngine.get().newGradientCollector()) {
            long half = batch / 2;
            NDArray halfText = text.get("0:" + half);
            NDArray pairedText = NDArrays.concat(new NDList(halfText, halfText), 0);
            NDArray images = draw(generator, noise.get("0:" + 2 * half), pairedText, true);
            NDArray grid = features(images);
            List<int[]> halfLabels = labels.subList(0, (int) half);
            List<int[]> pairedLabels = new java.util.ArrayList<>(halfLabels);
            pairedLabels.addAll(halfLabels);
            NDArray imageSpread = images.get("0:" + half).sub(images.get(half + ":")).abs().mean();
            NDArray noiseSpread = noise.get("0:" + half).sub(noise.get(half + ":" + 2 * half)).abs().mean();
            NDArray modeSeeking = imageSpread.div(noiseSpread).add(1e-5f).pow(-1).mul(MODE_SEEKING);
            NDArray loss = Attributes.realness(realness(grid, pairedText), true)
                    .add(attributes.crossEntropy(manager, attributeLogits(grid), pairedLabels)).add(modeSeeking);
            collector.backward(loss);
            generatorLoss = loss.getFloat();
        }
        discriminatorWeights.zeroGradients();
        if (!Float.isFinite(generatorLoss) || !generatorWeights.gradientsFinite()) {
            generatorWeights.zeroGradients();
            return Float.NaN;
        }
        generatorWeights.step();
        return generatorLoss;
    }

    /** Images (B × 3 × S × S, -1..1) from the averaged generator for {@code noise} and {@code text}. */
    NDArray generate(NDArray noise, NDArray text) {
        return draw(averageGenerator, noise, text, false);
    }

    private NDArray draw(SequentialBlock network, NDArray noise, NDArray text, boolean training) {
        return network.forward(store, new NDList(NDArrays.concat(new NDList(noise, text), 1)), training).head();
    }

    /** The discriminator's trunk: images to a WIDTH × 4 × 4 grid of features. */
    private NDArray features(NDArray images) {
        return trunk.forward(store, new NDList(images), true).head();
    }

    /** The attribute logits (B × attribute width) of a grid of {@link #features}: from the image alone. */
    private NDArray attributeLogits(NDArray grid) {
        return attributeHead.forward(store, new NDList(grid), true).head();
    }

    /** The realness logit (B) of a grid of {@link #features} with a caption's vector and the batch's spread. */
    private NDArray realness(NDArray grid, NDArray text) {
        long batch = grid.getShape().get(0);
        Shape map = new Shape(batch, 1, Networks.BASE, Networks.BASE);
        NDArray spread = grid.sub(grid.mean(new int[] {0}, true)).square().mean(new int[] {0}).add(1e-8f).sqrt().mean()
                .broadcast(map);
        NDArray textMap = text.reshape(batch, textDimensions, 1, 1).broadcast(new Shape(batch, textDimensions, Networks.BASE,
                Networks.BASE));
        return realnessHead.forward(store, new NDList(NDArrays.concat(new NDList(grid, spread, textMap), 1)), true).head().get(":, 0");
    }

    /**
     * Both networks and the average from a checkpoint's files, with optimizers and a parameter
     * store that start afresh. After a step whose loss was not finite Adam's moments hold NaN
     * too. And a store keeps each parameter's array from its first use, while a load gives the
     * parameters new arrays: the old store went on computing with the weights the checkpoint was
     * to replace, so after a divergence every step from the checkpoint was NaN again.
     */
    void load(NDManager manager, Path generatorFile, Path discriminatorFile, Path averageFile) throws IOException {
        generatorWeights.load(manager, generatorFile);
        discriminatorWeights.load(manager, discriminatorFile);
        averageWeights.load(manager, averageFile);
        generatorWeights = new Weights(adam(), generator);
        discriminatorWeights = new Weights(adam(), trunk, realnessHead, attributeHead);
        store = new ParameterStore(manager, false);
    }

    /** Whether both networks' weights are numbers (see {@link Weights#finite()}). */
    boolean finite() {
        return generatorWeights.finite() && discriminatorWeights.finite();
    }

    long steps() {
        return steps;
    }

    void resumeAt(long step) {
        this.steps = step;
    }

    int size() {
        return size;
    }
}
