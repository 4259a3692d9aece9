package dev.vigia.models.faceapi;

import dev.vigia.models.graph.GraphBuilder;
import dev.vigia.models.tfjs.NamedWeights;
import java.util.ArrayList;
import java.util.List;

/**
 * face-api's SSD MobileNetV1 face detector as a TensorFlow graph: the MobileNetV1 backbone
 * (batch norm folded into the convolutions, ReLU6), eight extra feature layers, and six box
 * predictors whose raw outputs are concatenated: {@code box_encodings [1, N, 4]} (ty, tx, th, tw
 * against prior boxes) and {@code class_logits [1, N, 3]} (background first). Input RGB,
 * {@code (pixel - 127.5) / 127.5}. Priors and decoding live in the SSD decoder, not the graph.
 */
public final class SsdMobilenetV1Graph {

    public static final String INPUT = "input";
    public static final String BOXES = "box_encodings";
    public static final String CLASSES = "class_logits";
    private static final float BATCH_NORM_EPSILON = 0.0010000000474974513f;
    private static final int BACKBONE_LAYERS = 13;
    private static final int EXTRA_LAYERS = 8;
    private static final int LOGITS_PER_ANCHOR = 3;

    private SsdMobilenetV1Graph() {}

    public static GraphBuilder build(NamedWeights weights, int inputSize) {
        GraphBuilder g = new GraphBuilder();
        String x = g.input(INPUT, -1, inputSize, inputSize, 3);
        x = pointwise(g, weights, "MobilenetV1/Conv2d_0_pointwise", x, 2);
        String conv11 = null;
        for (int layer = 1; layer <= BACKBONE_LAYERS; layer++) {
            int stride = layer == 2 || layer == 4 || layer == 6 || layer == 12 ? 2 : 1;
            x = depthwise(g, weights, "MobilenetV1/Conv2d_" + layer + "_depthwise", x, stride);
            x = pointwise(g, weights, "MobilenetV1/Conv2d_" + layer + "_pointwise", x, 1);
            if (layer == 11) {
                conv11 = x;
            }
        }
        List<String> featureMaps = new ArrayList<>(List.of(conv11, x));
        String extra = x;
        for (int layer = 0; layer < EXTRA_LAYERS; layer++) {
            extra = pointwise(g, weights, "Prediction/Conv2d_" + layer + "_pointwise", extra, layer % 2 == 1 ? 2 : 1);
            if (layer % 2 == 1) {
                featureMaps.add(extra);
            }
        }
        String[] boxes = new String[featureMaps.size()];
        String[] classes = new String[featureMaps.size()];
        for (int i = 0; i < featureMaps.size(); i++) {
            String predictor = "Prediction/BoxPredictor_" + i;
            boxes[i] = g.reshapeKeepingBatch(predictor + "/boxes", convWithBias(g, weights, predictor + "/BoxEncodingPredictor",
                    featureMaps.get(i)), -1, 4);
            classes[i] = g.reshapeKeepingBatch(predictor + "/classes", convWithBias(g, weights, predictor + "/ClassPredictor",
                    featureMaps.get(i)), -1, LOGITS_PER_ANCHOR);
        }
        g.output(BOXES, g.concat("concat_boxes", 1, boxes));
        g.output(CLASSES, g.concat("concat_classes", 1, classes));
        return g;
    }

    /** Convolution, the folded batch-norm offset, ReLU6. */
    private static String pointwise(GraphBuilder g, NamedWeights weights, String name, String input, int stride) {
        String filter = g.constant(name + "/weights", weights.floats(name + "/weights", 4), weights.shape(name + "/weights"));
        String bias = g.constant(name + "/offset", weights.floats(name + "/convolution_bn_offset", 1),
                weights.shape(name + "/convolution_bn_offset"));
        return g.relu6(name, g.biasAdd(name + "/bias_add", g.conv2d(name + "/conv", input, filter, stride, "SAME"), bias));
    }

    /** Depthwise convolution with its batch norm folded into the filter and a bias, then ReLU6. */
    private static String depthwise(GraphBuilder g, NamedWeights weights, String name, String input, int stride) {
        float[] filter = weights.floats(name + "/depthwise_weights", 4);
        float[] gamma = weights.floats(name + "/BatchNorm/gamma", 1);
        float[] beta = weights.floats(name + "/BatchNorm/beta", 1);
        float[] mean = weights.floats(name + "/BatchNorm/moving_mean", 1);
        float[] variance = weights.floats(name + "/BatchNorm/moving_variance", 1);
        int channels = gamma.length;
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            float scale = (float) (gamma[c] / Math.sqrt(variance[c] + BATCH_NORM_EPSILON));
            shift[c] = beta[c] - mean[c] * scale;
            for (int k = c; k < filter.length; k += channels) {
                filter[k] *= scale;
            }
        }
        String folded = g.constant(name + "/folded_weights", filter, weights.shape(name + "/depthwise_weights"));
        String bias = g.constant(name + "/folded_bias", shift, channels);
        return g.relu6(name, g.biasAdd(name + "/bias_add", g.depthwiseConv2d(name + "/conv", input, folded, stride, "SAME"), bias));
    }

    private static String convWithBias(GraphBuilder g, NamedWeights weights, String name, String input) {
        String filter = g.constant(name + "/weights", weights.floats(name + "/weights", 4), weights.shape(name + "/weights"));
        String bias = g.constant(name + "/biases", weights.floats(name + "/biases", 1), weights.shape(name + "/biases"));
        return g.biasAdd(name, g.conv2d(name + "/conv", input, filter, 1, "SAME"), bias);
    }
}
