package dev.vigia.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of one network (a few blocks), updated by its own optimizer outside DJL's
 * {@code Trainer}: two networks learn against each other here, and a trainer only knows one.
 * Gradients accumulate on PyTorch's engine, so every network's are zeroed after each step.
 */
final class Weights {

    private final List<Block> blocks;
    private final Optimizer optimizer;

    Weights(Optimizer optimizer, Block... blocks) {
        this.optimizer = optimizer;
        this.blocks = List.of(blocks);
    }

    List<Parameter> parameters() {
        List<Parameter> parameters = new ArrayList<>();
        for (Block block : blocks) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                parameters.add(p.getValue());
            }
        }
        return parameters;
    }

    /** One optimizer step on the gradients gathered, then the gradients cleared. */
    void step() {
        for (Parameter parameter : parameters()) {
            NDArray array = parameter.getArray();
            if (parameter.requiresGradient() && array.hasGradient()) {
                try (NDArray gradient = array.getGradient()) {
                    optimizer.update(parameter.getId(), array, gradient);
                }
            }
        }
        zeroGradients();
    }

    /**
     * Sets every gradient to zero. Not by subtracting a gradient from itself: NaN − NaN is NaN, so
     * a gradient that once held NaN was added into every later backward pass.
     */
    void zeroGradients() {
        for (Parameter parameter : parameters()) {
            NDArray array = parameter.getArray();
            if (parameter.requiresGradient() && array.hasGradient()) {
                try (NDArray gradient = array.getGradient()) {
                    gradient.set(new NDIndex("..."), 0f);
                }
            }
        }
    }

    /**
     * Whether every gradient gathered is a number. PyTorch 2.7.1's CPU convolution backward pass
     * was seen to return NaN in part of its input gradient on an AMD EPYC (AVX-512) although its
     * input, weights and output gradient were all finite, at random from call to call (see
     * {@link ConditionalGan#step}).
     */
    boolean gradientsFinite() {
        for (Parameter parameter : parameters()) {
            NDArray array = parameter.getArray();
            if (parameter.requiresGradient() && array.hasGradient()) {
                try (NDArray gradient = array.getGradient(); NDArray nan = gradient.isNaN(); NDArray infinite = gradient.isInfinite();
                        NDArray bad = nan.logicalOr(infinite); NDArray any = bad.any()) {
                    if (any.getBoolean()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Whether every parameter is a number. A step can leave NaN in the weights while the losses it
     * reported, computed before the update, were finite: a checkpoint of such weights would send
     * every return to it straight back into NaN.
     */
    boolean finite() {
        for (Parameter parameter : parameters()) {
            NDArray array = parameter.getArray();
            try (NDArray nan = array.isNaN(); NDArray infinite = array.isInfinite(); NDArray bad = nan.logicalOr(infinite);
                    NDArray any = bad.any()) {
                if (any.getBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    long count() {
        long count = 0;
        for (Parameter parameter : parameters()) {
            count += parameter.getArray().size();
        }
        return count;
    }

    /** Moves every parameter of {@code average} a {@code rate} of the way to this network's (an exponential moving average). */
    void blendInto(Weights average, float rate) {
        List<Parameter> mine = parameters();
        List<Parameter> theirs = average.parameters();
        for (int i = 0; i < mine.size(); i++) {
            NDArray target = theirs.get(i).getArray();
            try (NDArray delta = mine.get(i).getArray().sub(target)) {
                delta.muli(rate);
                target.addi(delta);
            }
        }
    }

    void copyInto(Weights other) {
        List<Parameter> mine = parameters();
        List<Parameter> theirs = other.parameters();
        for (int i = 0; i < mine.size(); i++) {
            mine.get(i).getArray().copyTo(theirs.get(i).getArray());
        }
    }

    void save(Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)))) {
            for (Block block : blocks) {
                block.saveParameters(out);
            }
        }
        // Renamed into place: a run killed while saving keeps the previous file whole.
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    void load(NDManager manager, Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (Block block : blocks) {
                try {
                    block.loadParameters(manager, in);
                } catch (ai.djl.MalformedModelException e) {
                    throw new IOException(file + " does not fit this network: " + e.getMessage(), e);
                }
            }
        }
        for (Parameter parameter : parameters()) {
            if (parameter.requiresGradient() && !parameter.getArray().hasGradient()) {
                parameter.getArray().setRequiresGradient(true);
            }
        }
    }
}
