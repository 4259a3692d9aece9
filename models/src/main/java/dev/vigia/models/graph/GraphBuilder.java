package dev.vigia.models.graph;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Builds a float32 NHWC TensorFlow graph one plain op at a time, with every weight a constant.
 * Converters for formats that carry weights but no graph (Darknet, TF.js weights manifests)
 * describe their network with it; the result is written by
 * {@link dev.vigia.models.tfjs.SavedModelWriter}.
 *
 * <p>Every method returns the tensor it produced ({@code node:0}, or {@code node:k} for the k-th
 * output), ready to be the input of the next op.
 */
public final class GraphBuilder {

    private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
    private static final AttrValue INT32 = AttrValue.newBuilder().setType(DataType.DT_INT32).build();

    private final GraphDef.Builder graph = GraphDef.newBuilder();
    private final Set<String> names = new HashSet<>();
    private final Map<String, TensorInfo> inputs = new LinkedHashMap<>();
    private final Map<String, TensorInfo> outputs = new LinkedHashMap<>();

    /** A float32 input of the given shape (-1 for a free dimension), also a signature input. */
    public String input(String name, long... shape) {
        TensorShapeProto tensorShape = shape(shape);
        add(node(name, "Placeholder").putAttr("dtype", FLOAT)
                .putAttr("shape", AttrValue.newBuilder().setShape(tensorShape).build()));
        inputs.put(name, TensorInfo.newBuilder().setName(name + ":0").setDtype(DataType.DT_FLOAT)
                .setTensorShape(tensorShape).build());
        return name + ":0";
    }

    /** Marks {@code tensor} as the signature output {@code name} (an Identity node of that name, or {@code name/output}). */
    public String output(String name, String tensor) {
        // A layer whose own node already has the output's name (a resize, a merge) gets its Identity beside it.
        String out = unary(names.contains(name) ? name + "/output" : name, "Identity", tensor);
        outputs.put(name, TensorInfo.newBuilder().setName(out).setDtype(DataType.DT_FLOAT).build());
        return out;
    }

    public String constant(String name, float[] values, long... shape) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return constant(name, DataType.DT_FLOAT, bytes.array(), shape);
    }

    public String constant(String name, int[] values, long... shape) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values);
        return constant(name, DataType.DT_INT32, bytes.array(), shape);
    }

    /** A constant of any dtype from its little-endian bytes. */
    public String constant(String name, DataType type, byte[] littleEndian, long... shape) {
        TensorProto tensor = TensorProto.newBuilder().setDtype(type).setTensorShape(shape(shape))
                .setTensorContent(ByteString.copyFrom(littleEndian)).build();
        return add(node(name, "Const").putAttr("dtype", AttrValue.newBuilder().setType(type).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()));
    }

    public String scalar(String name, float value) {
        return constant(name, new float[] {value});
    }

    /** 2-D convolution; {@code filter} is HWIO. Padding "SAME" or "VALID". */
    public String conv2d(String name, String input, String filter, int stride, String padding) {
        return add(node(name, "Conv2D").addInput(input).addInput(filter).putAttr("T", FLOAT)
                .putAttr("strides", ints(1, stride, stride, 1)).putAttr("padding", string(padding))
                .putAttr("data_format", string("NHWC")));
    }

    /** Depthwise convolution; {@code filter} is [h, w, channels, multiplier]. */
    public String depthwiseConv2d(String name, String input, String filter, int stride, String padding) {
        return add(node(name, "DepthwiseConv2dNative").addInput(input).addInput(filter).putAttr("T", FLOAT)
                .putAttr("strides", ints(1, stride, stride, 1)).putAttr("padding", string(padding))
                .putAttr("data_format", string("NHWC")));
    }

    public String biasAdd(String name, String input, String bias) {
        return add(node(name, "BiasAdd").addInput(input).addInput(bias).putAttr("T", FLOAT)
                .putAttr("data_format", string("NHWC")));
    }

    public String add(String name, String a, String b) {
        return binary(name, "AddV2", a, b);
    }

    public String sub(String name, String a, String b) {
        return binary(name, "Sub", a, b);
    }

    public String mul(String name, String a, String b) {
        return binary(name, "Mul", a, b);
    }

    public String leakyRelu(String name, String input, float alpha) {
        return add(node(name, "LeakyRelu").addInput(input).putAttr("T", FLOAT)
                .putAttr("alpha", AttrValue.newBuilder().setF(alpha).build()));
    }

    public String relu(String name, String input) {
        return unary(name, "Relu", input);
    }

    public String relu6(String name, String input) {
        return unary(name, "Relu6", input);
    }

    public String sigmoid(String name, String input) {
        return unary(name, "Sigmoid", input);
    }

    public String tanh(String name, String input) {
        return unary(name, "Tanh", input);
    }

    public String softplus(String name, String input) {
        return unary(name, "Softplus", input);
    }

    public String maxPool(String name, String input, int size, int stride, String padding) {
        return add(node(name, "MaxPool").addInput(input).putAttr("T", FLOAT)
                .putAttr("ksize", ints(1, size, size, 1)).putAttr("strides", ints(1, stride, stride, 1))
                .putAttr("padding", string(padding)).putAttr("data_format", string("NHWC")));
    }

    public String avgPool(String name, String input, int size, int stride, String padding) {
        return add(node(name, "AvgPool").addInput(input).putAttr("T", FLOAT)
                .putAttr("ksize", ints(1, size, size, 1)).putAttr("strides", ints(1, stride, stride, 1))
                .putAttr("padding", string(padding)).putAttr("data_format", string("NHWC")));
    }

    /** Mean over the spatial axes of an NHWC tensor: [N, H, W, C] to [N, C]. */
    public String spatialMean(String name, String input) {
        String axes = constant(name + "/axes", new int[] {1, 2}, 2);
        return add(node(name, "Mean").addInput(input).addInput(axes).putAttr("T", FLOAT).putAttr("Tidx", INT32)
                .putAttr("keep_dims", AttrValue.newBuilder().setB(false).build()));
    }

    /** {@code input [N, K] x weights [K, M]}. */
    public String matMul(String name, String input, String weights) {
        return add(node(name, "MatMul").addInput(input).addInput(weights).putAttr("T", FLOAT)
                .putAttr("transpose_a", AttrValue.newBuilder().setB(false).build())
                .putAttr("transpose_b", AttrValue.newBuilder().setB(false).build()));
    }

    public String minimum(String name, String a, String b) {
        return binary(name, "Minimum", a, b);
    }

    /** Softmax over the last axis. */
    public String softmax(String name, String input) {
        return unary(name, "Softmax", input);
    }

    public String elu(String name, String input) {
        return unary(name, "Elu", input);
    }

    /** Zero padding of the spatial dimensions: rows above and below, columns left and right. */
    public String padSpatial(String name, String input, int top, int bottom, int left, int right) {
        String paddings = constant(name + "/paddings", new int[] {0, 0, top, bottom, left, right, 0, 0}, 4, 2);
        return add(node(name, "Pad").addInput(input).addInput(paddings).putAttr("T", FLOAT).putAttr("Tpaddings", INT32));
    }

    public String concat(String name, int axis, String... tensors) {
        String axisTensor = constant(name + "/axis", new int[] {axis});
        NodeDef.Builder node = node(name, "ConcatV2");
        for (String tensor : tensors) {
            node.addInput(tensor);
        }
        return add(node.addInput(axisTensor).putAttr("T", FLOAT).putAttr("Tidx", INT32)
                .putAttr("N", AttrValue.newBuilder().setI(tensors.length).build()));
    }

    /** Splits the last (channel) axis of an NHWC tensor into {@code parts} equal parts; returns part {@code index}. */
    public String channelSplit(String name, String input, int parts, int index) {
        String axis = constant(name + "/axis", new int[] {3});
        add(node(name, "Split").addInput(axis).addInput(input).putAttr("T", FLOAT)
                .putAttr("num_split", AttrValue.newBuilder().setI(parts).build()));
        return name + ":" + index;
    }

    /** Nearest-neighbour resize to {@code height} x {@code width} (pixel i takes source pixel i / factor). */
    public String resizeNearest(String name, String input, int height, int width) {
        String size = constant(name + "/size", new int[] {height, width}, 2);
        return add(node(name, "ResizeNearestNeighbor").addInput(input).addInput(size).putAttr("T", FLOAT)
                .putAttr("align_corners", AttrValue.newBuilder().setB(false).build())
                .putAttr("half_pixel_centers", AttrValue.newBuilder().setB(false).build()));
    }

    /**
     * Moves {@code block}×{@code block} groups of channels into space (NHWC): the sub-pixel
     * shuffle that super-resolution networks end with.
     */
    public String depthToSpace(String name, String input, int block) {
        return add(node(name, "DepthToSpace").addInput(input).putAttr("T", FLOAT)
                .putAttr("block_size", AttrValue.newBuilder().setI(block).build())
                .putAttr("data_format", string("NHWC")));
    }

    /**
     * Nearest-neighbour resize by whole factors, for inputs whose size is known only when the
     * graph runs: the target size is the input's own height and width times the factors.
     */
    public String resizeNearestBy(String name, String input, int heightFactor, int widthFactor) {
        String shape = add(node(name + "/input_shape", "Shape").addInput(input).putAttr("T", FLOAT).putAttr("out_type", INT32));
        String begin = constant(name + "/begin", new int[] {1}, 1);
        String end = constant(name + "/end", new int[] {3}, 1);
        String strides = constant(name + "/strides", new int[] {1}, 1);
        String spatial = add(node(name + "/spatial", "StridedSlice").addInput(shape).addInput(begin).addInput(end)
                .addInput(strides).putAttr("T", INT32).putAttr("Index", INT32));
        String factors = constant(name + "/factors", new int[] {heightFactor, widthFactor}, 2);
        String size = add(node(name + "/size", "Mul").addInput(spatial).addInput(factors).putAttr("T", INT32));
        return add(node(name, "ResizeNearestNeighbor").addInput(input).addInput(size).putAttr("T", FLOAT)
                .putAttr("align_corners", AttrValue.newBuilder().setB(false).build())
                .putAttr("half_pixel_centers", AttrValue.newBuilder().setB(false).build()));
    }

    public String reshape(String name, String input, int... shape) {
        String shapeTensor = constant(name + "/shape", shape, shape.length);
        return add(node(name, "Reshape").addInput(input).addInput(shapeTensor).putAttr("T", FLOAT).putAttr("Tshape", INT32));
    }

    /**
     * Reshapes each image of a batch to {@code innerShape} (one -1 allowed), keeping the batch
     * dimension free: the target shape is the input's own first dimension followed by {@code innerShape}.
     */
    public String reshapeKeepingBatch(String name, String input, int... innerShape) {
        String shape = add(node(name + "/input_shape", "Shape").addInput(input).putAttr("T", FLOAT).putAttr("out_type", INT32));
        String begin = constant(name + "/begin", new int[] {0}, 1);
        String end = constant(name + "/end", new int[] {1}, 1);
        String strides = constant(name + "/strides", new int[] {1}, 1);
        String batch = add(node(name + "/batch", "StridedSlice").addInput(shape).addInput(begin).addInput(end).addInput(strides)
                .putAttr("T", INT32).putAttr("Index", INT32));
        String inner = constant(name + "/inner", innerShape, innerShape.length);
        String axis = constant(name + "/axis", new int[] {0});
        String target = add(node(name + "/shape", "ConcatV2").addInput(batch).addInput(inner).addInput(axis)
                .putAttr("T", INT32).putAttr("Tidx", INT32).putAttr("N", AttrValue.newBuilder().setI(2).build()));
        return add(node(name, "Reshape").addInput(input).addInput(target).putAttr("T", FLOAT).putAttr("Tshape", INT32));
    }

    public GraphDef graph() {
        return graph.build();
    }

    /** The {@code serving_default} signature of the declared inputs and outputs. */
    public SignatureDef signature() {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalStateException("a graph needs at least one input and one output");
        }
        return SignatureDef.newBuilder().putAllInputs(inputs).putAllOutputs(outputs)
                .setMethodName("tensorflow/serving/predict").build();
    }

    private String unary(String name, String op, String input) {
        return add(node(name, op).addInput(input).putAttr("T", FLOAT));
    }

    private String binary(String name, String op, String a, String b) {
        return add(node(name, op).addInput(a).addInput(b).putAttr("T", FLOAT));
    }

    private NodeDef.Builder node(String name, String op) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("graph already has a node named " + name);
        }
        return NodeDef.newBuilder().setName(name).setOp(op);
    }

    private String add(NodeDef.Builder node) {
        graph.addNode(node);
        return node.getName() + ":0";
    }

    private static TensorShapeProto shape(long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return shape.build();
    }

    private static AttrValue ints(long... values) {
        AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
        for (long v : values) {
            list.addI(v);
        }
        return AttrValue.newBuilder().setList(list).build();
    }

    private static AttrValue string(String value) {
        return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(value)).build();
    }
}
