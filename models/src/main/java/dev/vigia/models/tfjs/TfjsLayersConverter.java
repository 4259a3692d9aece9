package dev.vigia.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigia.config.UserError;
import dev.vigia.models.graph.GraphBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a TF.js layers model (a Keras model: {@code model.json} with {@code model_config} and
 * weight shards) into a TensorFlow SavedModel, one Keras layer at a time through
 * {@link GraphBuilder}. Sequential and functional models, channels-last, batch 1; the layers
 * image detectors are made of (convolutions, batch norm, pooling, activations, merges, resizing,
 * dense heads), and the two custom layers of the ESRGAN exports ({@code MultiplyBeta}, a constant
 * scale on residuals, and {@code PixelShuffleNx}, a depth-to-space shuffle). Any other layer is a
 * one-line error naming it.
 */
public final class TfjsLayersConverter {

    private static final List<String> SUPPORTED = List.of("InputLayer", "Conv2D", "DepthwiseConv2D", "SeparableConv2D",
            "Dense", "BatchNormalization", "Activation", "ReLU", "LeakyReLU", "Softmax", "MaxPooling2D", "AveragePooling2D",
            "GlobalAveragePooling2D", "Add", "Multiply", "Concatenate", "UpSampling2D", "ZeroPadding2D", "Flatten", "Reshape",
            "Dropout", "SpatialDropout2D", "GaussianNoise", "MultiplyBeta", "PixelShuffle");

    /** A Keras tensor: graph tensor name and static shape (batch first, -1 where unknown). */
    private record Tensor(String name, int[] shape) {
        int channels() {
            return shape[shape.length - 1];
        }
    }

    private final Path modelJson;
    private final NamedWeights weights;
    private final GraphBuilder g = new GraphBuilder();
    private final Map<String, Tensor> outputsByLayer = new HashMap<>();

    private TfjsLayersConverter(Path modelJson, NamedWeights weights) {
        this.modelJson = modelJson;
        this.weights = weights;
    }

    public static SavedModelSummary convert(Path modelJson, Path savedModelDir) throws IOException {
        JsonNode root = JsonFiles.read(modelJson);
        JsonNode topology = root.path("modelTopology");
        JsonNode model = topology.has("model_config") ? topology.get("model_config") : topology;
        TfjsLayersConverter converter = new TfjsLayersConverter(modelJson, NamedWeights.of(root.path("weightsManifest"), modelJson));
        converter.build(model);
        SavedModelWriter.write(converter.g.graph(), converter.g.signature(), savedModelDir);
        return SavedModelSummary.of(converter.g.signature());
    }

    private void build(JsonNode model) {
        String kind = model.path("class_name").asText();
        JsonNode config = model.path("config");
        JsonNode layers = config.isArray() ? config : config.path("layers");
        if (layers.isEmpty()) {
            throw new UserError(modelJson + " has no layers in its model_config");
        }
        if (kind.equals("Sequential")) {
            Tensor previous = null;
            for (JsonNode layer : layers) {
                if (previous == null && !layer.path("class_name").asText().equals("InputLayer")) {
                    previous = input(layer.path("config").path("name").asText("input") + "_input", layer.path("config"));
                }
                previous = apply(layer, previous == null ? List.of() : List.of(previous));
            }
            g.output(lastName(layers), previous.name());
            return;
        }
        for (JsonNode layer : layers) {
            List<Tensor> inputs = new ArrayList<>();
            for (String source : inboundLayers(layer.path("inbound_nodes"))) {
                Tensor tensor = outputsByLayer.get(source);
                if (tensor == null) {
                    throw new UserError(modelJson + ": layer '" + layer.path("name").asText() + "' reads '" + source
                            + "', which comes later or does not exist");
                }
                inputs.add(tensor);
            }
            apply(layer, inputs);
        }
        for (JsonNode output : config.path("output_layers")) {
            String layer = output.isArray() ? output.get(0).asText() : output.asText();
            g.output(layer, outputsByLayer.get(layer).name());
        }
    }

    private static String lastName(JsonNode layers) {
        JsonNode last = layers.get(layers.size() - 1);
        return last.path("config").path("name").asText(last.path("name").asText("output"));
    }

    /** Inbound layer names in Keras 2 ({@code [[["name", 0, 0, {}]]]}) or Keras 3 ({@code keras_history}) form. */
    private static List<String> inboundLayers(JsonNode inbound) {
        List<String> names = new ArrayList<>();
        collectInbound(inbound, names);
        return names;
    }

    private static void collectInbound(JsonNode node, List<String> names) {
        if (node.isObject() && node.has("keras_history")) {
            names.add(node.get("keras_history").get(0).asText());
        } else if (node.isArray() && node.size() >= 3 && node.get(0).isTextual() && node.get(1).isNumber()) {
            names.add(node.get(0).asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectInbound(child, names));
        }
    }

    private Tensor apply(JsonNode layer, List<Tensor> inputs) {
        String kind = kindOf(layer.path("class_name").asText());
        JsonNode c = layer.path("config");
        String name = c.path("name").asText(layer.path("name").asText());
        if (!SUPPORTED.contains(kind)) {
            throw new UserError(modelJson + ": layer '" + name + "' is a " + kind + ", which Vigía does not convert; "
                    + "supported layers: " + String.join(", ", SUPPORTED));
        }
        if (!kind.equals("InputLayer") && inputs.isEmpty()) {
            throw new UserError(modelJson + ": layer '" + name + "' has no input");
        }
        if (c.path("data_format").asText("channels_last").equals("channels_first")) {
            throw new UserError(modelJson + ": layer '" + name + "' is channels_first; Vigía converts channels_last models");
        }
        Tensor x = inputs.isEmpty() ? null : inputs.get(0);
        Tensor out = switch (kind) {
            case "InputLayer" -> input(name, c);
            case "Conv2D" -> activation(name, c, convolution(name, c, x));
            case "DepthwiseConv2D" -> activation(name, c, depthwise(name, c, x));
            case "SeparableConv2D" -> activation(name, c, separable(name, c, x));
            case "Dense" -> activation(name, c, dense(name, c, x));
            case "BatchNormalization" -> batchNorm(name, c, x);
            case "Activation" -> activation(name, c, x);
            case "ReLU" -> relu(name, c, x);
            case "LeakyReLU" -> new Tensor(g.leakyRelu(name, x.name(), (float) c.path("alpha").asDouble(
                    c.path("negative_slope").asDouble(0.3))), x.shape());
            case "Softmax" -> new Tensor(g.softmax(name, x.name()), x.shape());
            case "MaxPooling2D", "AveragePooling2D" -> pool(name, kind, c, x);
            case "GlobalAveragePooling2D" -> new Tensor(g.spatialMean(name, x.name()), new int[] {x.shape()[0], x.channels()});
            case "Add", "Multiply" -> merge(name, kind, inputs);
            case "Concatenate" -> concatenate(name, c, inputs);
            case "UpSampling2D" -> upsample(name, c, x);
            case "ZeroPadding2D" -> zeroPad(name, c, x);
            case "Flatten" -> flatten(name, x);
            case "Reshape" -> reshape(name, c, x);
            case "MultiplyBeta" -> new Tensor(g.mul(name, x.name(), g.scalar(name + "/beta", (float) c.path("beta").asDouble(0.2))),
                    x.shape());
            case "PixelShuffle" -> pixelShuffle(name, c, x);
            default -> new Tensor(x.name(), x.shape());
        };
        outputsByLayer.put(name, out);
        return out;
    }

    /** The layer kind, with the scale suffix of {@code PixelShuffle2x}..{@code PixelShuffle8x} dropped. */
    private static String kindOf(String className) {
        return className.matches("PixelShuffle\\d+x") ? "PixelShuffle" : className;
    }

    private Tensor pixelShuffle(String name, JsonNode c, Tensor x) {
        int scale = c.path("scale").asInt(0);
        if (scale < 2 || x.channels() % (scale * scale) != 0) {
            throw new UserError(modelJson + ": PixelShuffle '" + name + "' has scale " + scale + " for " + x.channels()
                    + " channels; the channels must be a multiple of scale squared");
        }
        int[] shape = x.shape().clone();
        shape[1] = shape[1] < 0 ? -1 : shape[1] * scale;
        shape[2] = shape[2] < 0 ? -1 : shape[2] * scale;
        shape[3] = x.channels() / (scale * scale);
        return new Tensor(g.depthToSpace(name, x.name(), scale), shape);
    }

    private Tensor input(String name, JsonNode c) {
        JsonNode declared = c.has("batch_input_shape") ? c.get("batch_input_shape") : c.path("batch_shape");
        if (!declared.isArray() || declared.isEmpty()) {
            throw new UserError(modelJson + ": the input '" + name + "' declares no batch_input_shape");
        }
        int[] shape = new int[declared.size()];
        long[] placeholder = new long[declared.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = declared.get(i).isNull() ? -1 : declared.get(i).asInt();
            placeholder[i] = i == 0 ? 1 : shape[i];
        }
        shape[0] = 1;
        return new Tensor(g.input(name, placeholder), shape);
    }

    private Tensor convolution(String name, JsonNode c, Tensor x) {
        requireUnitDilation(name, c);
        long[] kernelShape = weights.shape(weightName(name, "kernel"));
        String kernel = g.constant(name + "/kernel", weights.floats(weightName(name, "kernel"), 4), kernelShape);
        int stride = c.path("strides").get(0).asInt(1);
        String padding = padding(c);
        String out = g.conv2d(name + "/conv", x.name(), kernel, stride, padding);
        return bias(name, c, new Tensor(out, spatial(x, (int) kernelShape[0], stride, padding, (int) kernelShape[3])));
    }

    private Tensor depthwise(String name, JsonNode c, Tensor x) {
        return bias(name, c, depthwiseOnly(name, c, x));
    }

    private Tensor separable(String name, JsonNode c, Tensor x) {
        Tensor depthwise = depthwiseOnly(name, c, x);
        long[] pointwiseShape = weights.shape(weightName(name, "pointwise_kernel"));
        String pointwise = g.constant(name + "/pointwise_kernel", weights.floats(weightName(name, "pointwise_kernel"), 4),
                pointwiseShape);
        String out = g.conv2d(name + "/pointwise", depthwise.name(), pointwise, 1, "VALID");
        int[] shape = depthwise.shape().clone();
        shape[3] = (int) pointwiseShape[3];
        return bias(name, c, new Tensor(out, shape));
    }

    private Tensor depthwiseOnly(String name, JsonNode c, Tensor x) {
        requireUnitDilation(name, c);
        long[] kernelShape = weights.shape(weightName(name, "depthwise_kernel"));
        String kernel = g.constant(name + "/depthwise_kernel", weights.floats(weightName(name, "depthwise_kernel"), 4), kernelShape);
        int stride = c.path("strides").get(0).asInt(1);
        String padding = padding(c);
        return new Tensor(g.depthwiseConv2d(name + "/depthwise", x.name(), kernel, stride, padding),
                spatial(x, (int) kernelShape[0], stride, padding, (int) (kernelShape[2] * kernelShape[3])));
    }

    private Tensor dense(String name, JsonNode c, Tensor x) {
        if (x.shape().length != 2) {
            throw new UserError(modelJson + ": Dense layer '" + name + "' gets a rank-" + x.shape().length
                    + " input; Vigía converts Dense on flat inputs only");
        }
        long[] kernelShape = weights.shape(weightName(name, "kernel"));
        String kernel = g.constant(name + "/kernel", weights.floats(weightName(name, "kernel"), 2), kernelShape);
        return bias(name, c, new Tensor(g.matMul(name + "/matmul", x.name(), kernel), new int[] {1, (int) kernelShape[1]}));
    }

    private Tensor bias(String name, JsonNode c, Tensor x) {
        if (!c.path("use_bias").asBoolean(true)) {
            return x;
        }
        String bias = g.constant(name + "/bias", weights.floats(weightName(name, "bias"), 1), x.channels());
        return new Tensor(g.biasAdd(name + "/bias_add", x.name(), bias), x.shape());
    }

    /** Inference-time batch norm folded into one multiply and one add per channel. */
    private Tensor batchNorm(String name, JsonNode c, Tensor x) {
        float[] mean = weights.floats(weightName(name, "moving_mean"), 1);
        float[] variance = weights.floats(weightName(name, "moving_variance"), 1);
        float[] gamma = c.path("scale").asBoolean(true) ? weights.floats(weightName(name, "gamma"), 1) : null;
        float[] beta = c.path("center").asBoolean(true) ? weights.floats(weightName(name, "beta"), 1) : null;
        double epsilon = c.path("epsilon").asDouble(0.001);
        float[] scale = new float[mean.length];
        float[] shift = new float[mean.length];
        for (int i = 0; i < mean.length; i++) {
            scale[i] = (float) ((gamma == null ? 1 : gamma[i]) / Math.sqrt(variance[i] + epsilon));
            shift[i] = (beta == null ? 0 : beta[i]) - mean[i] * scale[i];
        }
        String scaled = g.mul(name + "/scale", x.name(), g.constant(name + "/scale_value", scale, mean.length));
        return new Tensor(g.add(name, scaled, g.constant(name + "/shift_value", shift, mean.length)), x.shape());
    }

    private Tensor activation(String name, JsonNode c, Tensor x) {
        String function = c.path("activation").asText("linear");
        String out = switch (function) {
            case "linear" -> x.name();
            case "relu" -> g.relu(name + "/relu", x.name());
            case "relu6" -> g.relu6(name + "/relu6", x.name());
            case "sigmoid" -> g.sigmoid(name + "/sigmoid", x.name());
            case "tanh" -> g.tanh(name + "/tanh", x.name());
            case "softmax" -> g.softmax(name + "/softmax", x.name());
            case "elu" -> g.elu(name + "/elu", x.name());
            case "swish", "silu" -> g.mul(name + "/swish", x.name(), g.sigmoid(name + "/swish_sigmoid", x.name()));
            default -> throw new UserError(modelJson + ": layer '" + name + "' uses activation '" + function
                    + "', which Vigía does not convert");
        };
        return new Tensor(out, x.shape());
    }

    private Tensor relu(String name, JsonNode c, Tensor x) {
        String out = g.relu(name + "/relu", x.name());
        if (c.hasNonNull("max_value")) {
            out = g.minimum(name + "/cap", out, g.scalar(name + "/max_value", (float) c.get("max_value").asDouble()));
        }
        return new Tensor(out, x.shape());
    }

    private Tensor pool(String name, String kind, JsonNode c, Tensor x) {
        int size = c.path("pool_size").get(0).asInt(2);
        int stride = c.path("strides").isArray() ? c.path("strides").get(0).asInt(size) : size;
        String padding = padding(c);
        String out = kind.equals("MaxPooling2D") ? g.maxPool(name, x.name(), size, stride, padding)
                : g.avgPool(name, x.name(), size, stride, padding);
        return new Tensor(out, spatial(x, size, stride, padding, x.channels()));
    }

    private Tensor merge(String name, String kind, List<Tensor> inputs) {
        String out = inputs.get(0).name();
        for (int i = 1; i < inputs.size(); i++) {
            String step = i == inputs.size() - 1 ? name : name + "/" + i;
            out = kind.equals("Add") ? g.add(step, out, inputs.get(i).name()) : g.mul(step, out, inputs.get(i).name());
        }
        return new Tensor(out, inputs.get(0).shape());
    }

    private Tensor concatenate(String name, JsonNode c, List<Tensor> inputs) {
        int rank = inputs.get(0).shape().length;
        int axis = c.path("axis").asInt(-1);
        int positive = axis < 0 ? rank + axis : axis;
        int[] shape = inputs.get(0).shape().clone();
        shape[positive] = 0;
        for (Tensor input : inputs) {
            shape[positive] += input.shape()[positive];
        }
        return new Tensor(g.concat(name, positive, inputs.stream().map(Tensor::name).toArray(String[]::new)), shape);
    }

    private Tensor upsample(String name, JsonNode c, Tensor x) {
        if (!c.path("interpolation").asText("nearest").equals("nearest")) {
            throw new UserError(modelJson + ": UpSampling2D '" + name + "' uses " + c.path("interpolation").asText()
                    + " interpolation; Vigía converts nearest only");
        }
        int heightFactor = c.path("size").get(0).asInt(2);
        int widthFactor = c.path("size").get(1).asInt(2);
        int[] shape = x.shape().clone();
        if (shape[1] < 0 || shape[2] < 0) {
            // A fully convolutional model (ESRGAN) takes any size: resize by the factors at run time.
            shape[1] = -1;
            shape[2] = -1;
            return new Tensor(g.resizeNearestBy(name, x.name(), heightFactor, widthFactor), shape);
        }
        shape[1] *= heightFactor;
        shape[2] *= widthFactor;
        return new Tensor(g.resizeNearest(name, x.name(), shape[1], shape[2]), shape);
    }

    private Tensor zeroPad(String name, JsonNode c, Tensor x) {
        JsonNode p = c.path("padding");
        int top;
        int bottom;
        int left;
        int right;
        if (p.isInt()) {
            top = bottom = left = right = p.asInt();
        } else if (p.get(0).isArray()) {
            top = p.get(0).get(0).asInt();
            bottom = p.get(0).get(1).asInt();
            left = p.get(1).get(0).asInt();
            right = p.get(1).get(1).asInt();
        } else {
            top = bottom = p.get(0).asInt();
            left = right = p.get(1).asInt();
        }
        int[] shape = x.shape().clone();
        shape[1] += top + bottom;
        shape[2] += left + right;
        return new Tensor(g.padSpatial(name, x.name(), top, bottom, left, right), shape);
    }

    private Tensor flatten(String name, Tensor x) {
        int size = 1;
        for (int i = 1; i < x.shape().length; i++) {
            size *= x.shape()[i];
        }
        return new Tensor(g.reshape(name, x.name(), 1, size), new int[] {1, size});
    }

    private Tensor reshape(String name, JsonNode c, Tensor x) {
        JsonNode target = c.path("target_shape");
        int[] shape = new int[target.size() + 1];
        shape[0] = 1;
        for (int i = 0; i < target.size(); i++) {
            shape[i + 1] = target.get(i).asInt();
        }
        return new Tensor(g.reshape(name, x.name(), shape), shape);
    }

    private static int[] spatial(Tensor x, int kernel, int stride, String padding, int channels) {
        int[] in = x.shape();
        int height = in[1] < 0 ? -1 : padding.equals("SAME") ? (in[1] + stride - 1) / stride : (in[1] - kernel) / stride + 1;
        int width = in[2] < 0 ? -1 : padding.equals("SAME") ? (in[2] + stride - 1) / stride : (in[2] - kernel) / stride + 1;
        return new int[] {in[0], height, width, channels};
    }

    private static String padding(JsonNode c) {
        return c.path("padding").asText("valid").equalsIgnoreCase("same") ? "SAME" : "VALID";
    }

    private void requireUnitDilation(String name, JsonNode c) {
        JsonNode dilation = c.path("dilation_rate");
        if (dilation.isArray() && dilation.get(0).asInt(1) != 1 || dilation.isInt() && dilation.asInt() != 1) {
            throw new UserError(modelJson + ": layer '" + name + "' is dilated; Vigía converts dilation 1 only");
        }
    }

    /** The weight {@code layer/param}, also when the converter prefixed it with the model's name. */
    private String weightName(String layer, String param) {
        String exact = layer + "/" + param;
        if (weights.has(exact)) {
            return exact;
        }
        return weights.names().stream().filter(n -> n.endsWith("/" + exact)).findFirst().orElse(exact);
    }
}
