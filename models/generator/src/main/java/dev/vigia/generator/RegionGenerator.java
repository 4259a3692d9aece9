package dev.vigia.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator: noise and the caption's vector in, a {@code size} × {@code size} RGB image in
 * -1..1 out, grown from a 4 × 4 grid by nearest-neighbour doubling and 3 × 3 convolutions
 * (PyTorch's engine in DJL has no transposed convolution).
 *
 * <p>Every convolution also sees each attribute's value probabilities (the tail of the caption's
 * vector, see {@link TextEncoder#encode}) as constant maps over the rows that attribute describes
 * ({@link AttributeRegions}): the top's colour over the upper half, the trousers' over the lower
 * half, the motion everywhere. The caption names the trousers of a person walking and of one
 * standing alike, so the rows that draw the trousers are told their colour directly rather than
 * only through the whole caption's vector, in which a combination the training never showed
 * (light trousers, standing) reads as its commonest neighbour (dark trousers, standing).
 */
final class RegionGenerator extends AbstractBlock {

    private final int size;
    private final int width;
    private final Attributes attributes;
    private final AttributeRegions regions;
    private final Linear input;
    private final BatchNorm inputNorm;
    private final List<Conv2d> convolutions = new ArrayList<>();
    private final List<BatchNorm> norms = new ArrayList<>();
    private final Conv2d toImage;

    RegionGenerator(int size, int width, Attributes attributes, AttributeRegions regions) {
        this.size = size;
        this.width = width;
        this.attributes = attributes;
        this.regions = regions;
        this.input = addChildBlock("input", Linear.builder().setUnits((long) width * Networks.BASE * Networks.BASE).build());
        this.inputNorm = addChildBlock("input_norm", BatchNorm.builder().build());
        int channels = width;
        for (int i = 0; i < Networks.doublings(size); i++) {
            channels = Math.max(32, channels * 3 / 4);
            convolutions.add(addChildBlock("conv" + i, conv(channels)));
            norms.add(addChildBlock("norm" + i, BatchNorm.builder().build()));
        }
        this.toImage = addChildBlock("to_image", conv(3));
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray noiseAndText = inputs.singletonOrThrow();
        long batch = noiseAndText.getShape().get(0);
        long columns = noiseAndText.getShape().get(1);
        NDArray probabilities = noiseAndText.get(":, " + (columns - attributes.width()) + ":");
        NDArray x = input.forward(store, new NDList(noiseAndText), training).head().reshape(batch, width, Networks.BASE, Networks.BASE);
        x = Activation.relu(inputNorm.forward(store, new NDList(x), training).head());
        int side = Networks.BASE;
        for (int i = 0; i < convolutions.size(); i++) {
            side *= 2;
            x = withConditions(Networks.doubled(x), probabilities, side);
            x = convolutions.get(i).forward(store, new NDList(x), training).head();
            x = Activation.relu(norms.get(i).forward(store, new NDList(x), training).head());
        }
        x = toImage.forward(store, new NDList(withConditions(x, probabilities, side)), training).head();
        return new NDList(x.tanh());
    }

    /** {@code x} with each attribute's probabilities as maps over its rows (zero elsewhere) appended as channels. */
    NDArray withConditions(NDArray x, NDArray probabilities, int side) {
        long batch = x.getShape().get(0);
        NDManager manager = x.getManager();
        NDList parts = new NDList(x);
        int offset = 0;
        for (int k = 0; k < attributes.names().size(); k++) {
            int count = attributes.values().get(attributes.names().get(k)).size();
            NDArray values = probabilities.get(":, " + offset + ":" + (offset + count)).reshape(batch, count, 1, 1);
            NDArray rows = manager.create(regions.rowMask(k, side), new Shape(1, 1, side, 1));
            parts.add(values.mul(rows).broadcast(new Shape(batch, count, side, side)));
            offset += count;
        }
        return NDArrays.concat(parts, 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        input.initialize(manager, dataType, inputShapes[0]);
        inputNorm.initialize(manager, dataType, new Shape(batch, width, Networks.BASE, Networks.BASE));
        long channels = width;
        int side = Networks.BASE;
        for (int i = 0; i < convolutions.size(); i++) {
            side *= 2;
            convolutions.get(i).initialize(manager, dataType, new Shape(batch, channels + attributes.width(), side, side));
            channels = convolutions.get(i).getOutputShapes(new Shape[] {new Shape(batch, channels + attributes.width(), side, side)})[0].get(1);
            norms.get(i).initialize(manager, dataType, new Shape(batch, channels, side, side));
        }
        toImage.initialize(manager, dataType, new Shape(batch, channels + attributes.width(), side, side));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 3, size, size)};
    }
}
