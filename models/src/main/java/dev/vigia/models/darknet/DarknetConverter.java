package dev.vigia.models.darknet;

import dev.vigia.config.UserError;
import dev.vigia.models.graph.GraphBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Darknet cfg + weights into a TensorFlow graph: convolutional (batch norm folded in;
 * leaky, mish, relu, logistic, swish or linear), maxpool, route (with channel groups), shortcut,
 * upsample, and the detection layers {@code [yolo]} / {@code [region]}, whose raw input maps
 * become the graph's outputs ({@code yolo_0}, {@code yolo_1}, ... NHWC). Decoding those maps is
 * {@link dev.vigia.models.detect.YoloAnchorDecoder}'s job, driven by {@link DarknetModel#head()}.
 */
public final class DarknetConverter {

    public static final String INPUT = "image";
    private static final float LEAKY_SLOPE = 0.1f;
    private static final float DARKNET_BN_EPSILON = 0.000001f;

    private final DarknetCfg cfg;
    private final DarknetWeights weights;
    private final GraphBuilder g = new GraphBuilder();
    private final List<Layer> layers = new ArrayList<>();
    private final List<DetectionLayer> detectionLayers = new ArrayList<>();

    /** A layer's output tensor and its NHWC size. */
    private record Layer(String tensor, int height, int width, int channels) {}

    private DarknetConverter(DarknetCfg cfg, DarknetWeights weights) {
        this.cfg = cfg;
        this.weights = weights;
    }

    public static DarknetModel convert(Path cfgFile, Path weightsFile) throws IOException {
        DarknetCfg cfg = DarknetCfg.read(cfgFile);
        DarknetConverter converter = new DarknetConverter(cfg, DarknetWeights.open(weightsFile));
        DarknetModel model = converter.build();
        converter.weights.requireFullyRead(cfgFile);
        return model;
    }

    private DarknetModel build() {
        DarknetCfg.Section net = cfg.net();
        int width = net.integer("width", 416);
        int height = net.integer("height", 416);
        int channels = net.integer("channels", 3);
        Layer previous = new Layer(g.input(INPUT, -1, height, width, channels), height, width, channels);
        for (int index = 0; index < cfg.layers().size(); index++) {
            DarknetCfg.Section section = cfg.layers().get(index);
            String name = section.type() + "_" + index;
            previous = switch (section.type()) {
                case "convolutional" -> convolutional(name, section, previous);
                case "maxpool" -> maxpool(name, section, previous);
                case "route" -> route(name, section, index);
                case "shortcut" -> shortcut(name, section, index, previous);
                case "upsample" -> upsample(name, section, previous);
                case "yolo", "region" -> detection(section, previous);
                default -> throw section.error("this layer type is not supported; Vigía converts convolutional, maxpool, "
                        + "route, shortcut, upsample, yolo and region layers");
            };
            layers.add(previous);
        }
        if (detectionLayers.isEmpty()) {
            throw new UserError(cfg.net().file() + " has no [yolo] or [region] layer; it is not a detector");
        }
        return DarknetModel.of(g, width, height, detectionLayers);
    }

    private Layer convolutional(String name, DarknetCfg.Section s, Layer in) {
        int filters = s.integer("filters", 1);
        int size = s.integer("size", 1);
        int stride = s.integer("stride", 1);
        int pad = s.integer("pad", 0) != 0 ? size / 2 : s.integer("padding", 0);
        int groups = s.integer("groups", 1);
        boolean batchNorm = s.integer("batch_normalize", 0) != 0;
        if (groups != 1 && !(groups == in.channels() && filters == in.channels())) {
            throw s.error("grouped convolution (groups=" + groups + ") is only supported as depthwise (groups = filters = channels)");
        }
        boolean depthwise = groups != 1;
        int inPerGroup = in.channels() / groups;
        float[] bias = weights.next(filters, s);
        float[] scale = null;
        if (batchNorm) {
            float[] gamma = weights.next(filters, s);
            float[] mean = weights.next(filters, s);
            float[] variance = weights.next(filters, s);
            scale = new float[filters];
            for (int f = 0; f < filters; f++) {
                scale[f] = gamma[f] / ((float) Math.sqrt(variance[f]) + DARKNET_BN_EPSILON);
                bias[f] -= mean[f] * scale[f];
            }
        }
        float[] oihw = weights.next(filters * inPerGroup * size * size, s);
        // Darknet stores [out][in][h][w]; TensorFlow wants [h][w][in][out] ([h][w][channel][1] for depthwise).
        float[] hwio = new float[oihw.length];
        for (int o = 0; o < filters; o++) {
            float factor = scale == null ? 1f : scale[o];
            for (int i = 0; i < inPerGroup; i++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int from = ((o * inPerGroup + i) * size + y) * size + x;
                        int to = depthwise ? (y * size + x) * filters + o : ((y * size + x) * inPerGroup + i) * filters + o;
                        hwio[to] = oihw[from] * factor;
                    }
                }
            }
        }
        String x = in.tensor();
        if (pad > 0) {
            x = g.padSpatial(name + "/pad", x, pad, pad, pad, pad);
        }
        String filter = depthwise ? g.constant(name + "/filter", hwio, size, size, filters, 1)
                : g.constant(name + "/filter", hwio, size, size, inPerGroup, filters);
        x = depthwise ? g.depthwiseConv2d(name + "/conv", x, filter, stride, "VALID")
                : g.conv2d(name + "/conv", x, filter, stride, "VALID");
        x = g.biasAdd(name + "/bias", x, g.constant(name + "/bias_value", bias, filters));
        x = activation(name, s, x, "logistic");
        int outHeight = (in.height() + 2 * pad - size) / stride + 1;
        int outWidth = (in.width() + 2 * pad - size) / stride + 1;
        return new Layer(x, outHeight, outWidth, filters);
    }

    /** The section's activation; {@code fallback} is Darknet's default for that layer kind when none is given. */
    private String activation(String name, DarknetCfg.Section s, String x, String fallback) {
        return switch (s.text("activation", fallback)) {
            case "linear" -> x;
            case "leaky" -> g.leakyRelu(name + "/leaky", x, LEAKY_SLOPE);
            case "relu" -> g.relu(name + "/relu", x);
            case "logistic" -> g.sigmoid(name + "/logistic", x);
            case "mish" -> g.mul(name + "/mish", x, g.tanh(name + "/mish_tanh", g.softplus(name + "/mish_softplus", x)));
            case "swish" -> g.mul(name + "/swish", x, g.sigmoid(name + "/swish_sigmoid", x));
            default -> throw s.error("activation '" + s.text("activation", "") + "' is not supported; "
                    + "use leaky, mish, relu, logistic, swish or linear");
        };
    }

    private Layer maxpool(String name, DarknetCfg.Section s, Layer in) {
        int size = s.integer("size", s.integer("stride", 1));
        int stride = s.integer("stride", 1);
        int padding = s.integer("padding", size - 1);
        // Darknet pads padding/2 before, the rest after, with -inf; TF's SAME pooling does the same
        // whenever it yields Darknet's output size and offset, which covers every cfg we know.
        int outHeight = (in.height() + padding - size) / stride + 1;
        int outWidth = (in.width() + padding - size) / stride + 1;
        int sameHeight = (in.height() + stride - 1) / stride;
        int sameTotal = Math.max((sameHeight - 1) * stride + size - in.height(), 0);
        if (outHeight != sameHeight || outWidth != (in.width() + stride - 1) / stride || sameTotal / 2 != padding / 2) {
            throw s.error("maxpool size=" + size + " stride=" + stride + " padding=" + padding + " on a " + in.width() + "x"
                    + in.height() + " input is not supported (its padding differs from TensorFlow's SAME)");
        }
        return new Layer(g.maxPool(name, in.tensor(), size, stride, "SAME"), outHeight, outWidth, in.channels());
    }

    private Layer route(String name, DarknetCfg.Section s, int index) {
        float[] references = s.numbers("layers");
        if (references.length == 0) {
            throw s.error("route has no 'layers'");
        }
        int groups = s.integer("groups", 1);
        int groupId = s.integer("group_id", 0);
        List<String> parts = new ArrayList<>();
        int channels = 0;
        Layer first = null;
        for (float reference : references) {
            Layer source = layer((int) reference, index, s);
            if (first != null && (source.height() != first.height() || source.width() != first.width())) {
                throw s.error("route joins layers of different sizes");
            }
            first = first == null ? source : first;
            String tensor = source.tensor();
            if (groups > 1) {
                tensor = g.channelSplit(name + "/split_" + parts.size(), tensor, groups, groupId);
            }
            parts.add(tensor);
            channels += source.channels() / groups;
        }
        String out = parts.size() == 1 ? parts.get(0) : g.concat(name, 3, parts.toArray(String[]::new));
        return new Layer(out, first.height(), first.width(), channels);
    }

    private Layer shortcut(String name, DarknetCfg.Section s, int index, Layer previous) {
        Layer from = layer(s.integer("from", -1), index, s);
        if (from.channels() != previous.channels() || from.height() != previous.height()) {
            throw s.error("shortcut adds layers of different shapes");
        }
        String sum = g.add(name, previous.tensor(), from.tensor());
        // Darknet's [shortcut] is linear unless told otherwise ([convolutional] defaults to logistic).
        return new Layer(activation(name, s, sum, "linear"), previous.height(), previous.width(), previous.channels());
    }

    private Layer upsample(String name, DarknetCfg.Section s, Layer in) {
        int stride = s.integer("stride", 2);
        if (stride < 1) {
            throw s.error("upsample stride " + stride + " (downsampling) is not supported");
        }
        int height = in.height() * stride;
        int width = in.width() * stride;
        return new Layer(g.resizeNearest(name, in.tensor(), height, width), height, width, in.channels());
    }

    private Layer detection(DarknetCfg.Section s, Layer in) {
        DetectionLayer layer = DetectionLayer.of(s, in.channels());
        String output = (s.type().equals("yolo") ? "yolo_" : "region_") + detectionLayers.size();
        g.output(output, in.tensor());
        detectionLayers.add(layer.named(output));
        return in;
    }

    /** A route/shortcut reference: negative counts back from {@code index}, otherwise an absolute layer. */
    private Layer layer(int reference, int index, DarknetCfg.Section s) {
        int absolute = reference < 0 ? index + reference : reference;
        if (absolute < 0 || absolute >= index) {
            throw s.error("refers to layer " + reference + ", which does not come before this one");
        }
        return layers.get(absolute);
    }
}
