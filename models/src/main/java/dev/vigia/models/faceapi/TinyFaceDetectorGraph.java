package dev.vigia.models.faceapi;

import dev.vigia.models.graph.GraphBuilder;
import dev.vigia.models.tfjs.NamedWeights;

/**
 * face-api's Tiny Face Detector (a Tiny-YOLOv2 with depthwise-separable convolutions) as a
 * TensorFlow graph: 3x3 conv, then five separable conv blocks with 2x2 max pooling, and a 1x1
 * head of 5 anchors x (x, y, w, h, objectness) per cell. The input is RGB,
 * {@code (pixel - mean) / 255}; the output is the raw head {@code [1, S/32, S/32, 25]}.
 */
public final class TinyFaceDetectorGraph {

    public static final String INPUT = "input";
    public static final String OUTPUT = "boxes";
    private static final float LEAKY_SLOPE = 0.1f;
    private static final int SEPARABLE_BLOCKS = 5;

    private TinyFaceDetectorGraph() {}

    public static GraphBuilder build(NamedWeights weights, int inputSize) {
        GraphBuilder g = new GraphBuilder();
        String x = g.input(INPUT, -1, inputSize, inputSize, 3);
        x = g.conv2d("conv0/conv", x, constant(g, weights, "conv0/filters", 4), 1, "VALID");
        x = g.leakyRelu("conv0", g.biasAdd("conv0/bias_add", x, constant(g, weights, "conv0/bias", 1)), LEAKY_SLOPE);
        x = g.maxPool("pool0", x, 2, 2, "SAME");
        for (int block = 1; block <= SEPARABLE_BLOCKS; block++) {
            String name = "conv" + block;
            x = g.padSpatial(name + "/pad", x, 1, 1, 1, 1);
            x = g.depthwiseConv2d(name + "/depthwise", x, constant(g, weights, name + "/depthwise_filter", 4), 1, "VALID");
            x = g.conv2d(name + "/pointwise", x, constant(g, weights, name + "/pointwise_filter", 4), 1, "VALID");
            x = g.leakyRelu(name, g.biasAdd(name + "/bias_add", x, constant(g, weights, name + "/bias", 1)), LEAKY_SLOPE);
            // The last pool keeps the 1/32 grid: Tiny-YOLOv2's stride-1 pool.
            x = g.maxPool("pool" + block, x, 2, block == SEPARABLE_BLOCKS ? 1 : 2, "SAME");
        }
        x = g.conv2d("conv8/conv", x, constant(g, weights, "conv8/filters", 4), 1, "VALID");
        x = g.biasAdd("conv8", x, constant(g, weights, "conv8/bias", 1));
        g.output(OUTPUT, x);
        return g;
    }

    private static String constant(GraphBuilder g, NamedWeights weights, String name, int rank) {
        return g.constant(name, weights.floats(name, rank), weights.shape(name));
    }
}
