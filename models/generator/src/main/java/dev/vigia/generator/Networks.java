package dev.vigia.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * The layers of the generator, the discriminator's trunk and head and the attribute classifier.
 * PyTorch's engine in DJL has no transposed convolution, so the generator grows its image by
 * nearest-neighbour doubling followed by a 3 × 3 convolution.
 */
final class Networks {

    static final int BASE = 4;

    private Networks() {}

    /** Noise and text vector in, a {@code size} × {@code size} RGB image in -1..1 out. */
    static SequentialBlock generator(int size, int width) {
        int doublings = doublings(size);
        SequentialBlock g = new SequentialBlock();
        g.add(Linear.builder().setUnits((long) width * BASE * BASE).build());
        g.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, width, BASE, BASE)), "to-grid"));
        g.add(BatchNorm.builder().build());
        g.add(Activation.reluBlock());
        int channels = width;
        for (int i = 0; i < doublings; i++) {
            channels = Math.max(32, channels * 3 / 4);
            g.add(new LambdaBlock(x -> new NDList(doubled(x.singletonOrThrow())), "double"));
            g.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(channels).build());
            g.add(BatchNorm.builder().build());
            g.add(Activation.reluBlock());
        }
        g.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(3).build());
        g.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().tanh()), "tanh"));
        return g;
    }

    /** Strided convolutions from the image down to a {@code width}-channel 4 × 4 grid. */
    static SequentialBlock trunk(int size, int width) {
        int halvings = doublings(size);
        SequentialBlock d = new SequentialBlock();
        int channels = Math.max(16, width >> (halvings - 1));
        for (int i = 0; i < halvings; i++) {
            d.add(Conv2d.builder().setKernelShape(new Shape(4, 4)).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1))
                    .setFilters(channels).build());
            d.add(Activation.leakyReluBlock(0.2f));
            channels = Math.min(width, channels * 2);
        }
        return d;
    }

    /** From the trunk's grid (joined with the text and the batch's spread, for realness): {@code outputs} logits. */
    static SequentialBlock head(int width, int outputs) {
        SequentialBlock head = new SequentialBlock();
        head.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(width).build());
        head.add(Activation.leakyReluBlock(0.2f));
        head.add(Blocks.batchFlattenBlock());
        head.add(Linear.builder().setUnits(outputs).build());
        return head;
    }

    /** The classifier's features: a trunk and a dense layer of {@code features} units. */
    static SequentialBlock classifierFeatures(int size, int features) {
        SequentialBlock c = trunk(size, 128);
        c.add(Blocks.batchFlattenBlock());
        c.add(Linear.builder().setUnits(features).build());
        c.add(Activation.reluBlock());
        return c;
    }

    static SequentialBlock linear(int outputs) {
        SequentialBlock block = new SequentialBlock();
        block.add(Linear.builder().setUnits(outputs).build());
        return block;
    }

    static NDArray doubled(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    static int doublings(int size) {
        int doublings = Integer.numberOfTrailingZeros(size / BASE);
        if (size < 2 * BASE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("image size must be a power of two of 8 or more, got " + size);
        }
        return doublings;
    }
}
