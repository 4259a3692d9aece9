package dev.vigia.models.tfjs;

import dev.vigia.config.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/**
 * Rewrites the fused ops that TF.js's converter invents into plain TensorFlow ops.
 *
 * <p>{@code _FusedConv2D}, {@code FusedDepthwiseConv2dNative} and {@code _FusedMatMul} become the
 * base op, then one node per entry of {@code fused_ops} (BiasAdd, Relu, Relu6, Elu, LeakyRelu,
 * Sigmoid, Tanh, Prelu). The last node of the chain keeps the fused node's name, so every
 * consumer stays wired without being touched.
 */
final class FusedOpSplitter {

    private static final Map<String, String> BASE_OP = Map.of(
            "_FusedConv2D", "Conv2D",
            "FusedDepthwiseConv2dNative", "DepthwiseConv2dNative",
            "_FusedMatMul", "MatMul");

    private static final Map<String, Set<String>> BASE_ATTRS = Map.of(
            "Conv2D", Set.of("T", "strides", "use_cudnn_on_gpu", "padding", "explicit_paddings",
                    "data_format", "dilations"),
            "DepthwiseConv2dNative", Set.of("T", "strides", "padding", "explicit_paddings",
                    "data_format", "dilations"),
            "MatMul", Set.of("T", "transpose_a", "transpose_b"));

    private static final Set<String> UNARY_ACTIVATIONS = Set.of("Relu", "Relu6", "Elu", "Sigmoid", "Tanh");

    private FusedOpSplitter() {}

    static boolean isFused(NodeDef node) {
        return BASE_OP.containsKey(node.getOp());
    }

    /** Returns the plain-op chain equivalent to one fused node. */
    static List<NodeDef> split(NodeDef fused) {
        String baseOp = BASE_OP.get(fused.getOp());
        List<String> dataInputs = new ArrayList<>();
        List<String> controlInputs = new ArrayList<>();
        for (String input : fused.getInputList()) {
            (input.startsWith("^") ? controlInputs : dataInputs).add(input);
        }
        List<String> fusedOps = new ArrayList<>();
        for (var op : fused.getAttrOrThrow("fused_ops").getList().getSList()) {
            fusedOps.add(op.toStringUtf8());
        }
        AttrValue type = fused.getAttrOrDefault("T", AttrValue.newBuilder().setType(org.tensorflow.proto.DataType.DT_FLOAT).build());
        String name = fused.getName();
        List<NodeDef> chain = new ArrayList<>();

        NodeDef.Builder base = NodeDef.newBuilder()
                .setName(fusedOps.isEmpty() ? name : name + "/_" + baseOp)
                .setOp(baseOp)
                .addInput(dataInputs.get(0))
                .addInput(dataInputs.get(1))
                .addAllInput(controlInputs);
        fused.getAttrMap().forEach((key, value) -> {
            if (BASE_ATTRS.get(baseOp).contains(key)) {
                base.putAttr(key, value);
            }
        });
        chain.add(base.build());

        int nextArg = 2;
        String previous = base.getName();
        for (int i = 0; i < fusedOps.size(); i++) {
            String op = fusedOps.get(i);
            String nodeName = i == fusedOps.size() - 1 ? name : name + "/_" + op;
            switch (op) {
                case "BiasAdd" -> {
                    NodeDef.Builder bias = plain(nodeName, "BiasAdd", type, previous, dataInputs.get(nextArg++));
                    if (fused.containsAttr("data_format")) {
                        bias.putAttr("data_format", fused.getAttrOrThrow("data_format"));
                    }
                    chain.add(bias.build());
                }
                case "LeakyRelu" -> {
                    float alpha = fused.containsAttr("leakyrelu_alpha")
                            ? fused.getAttrOrThrow("leakyrelu_alpha").getF() : 0.2f;
                    chain.add(plain(nodeName, "LeakyRelu", type, previous)
                            .putAttr("alpha", AttrValue.newBuilder().setF(alpha).build()).build());
                }
                case "Prelu" -> chain.addAll(prelu(nodeName, type, previous, dataInputs.get(nextArg++)));
                default -> {
                    if (!UNARY_ACTIVATIONS.contains(op)) {
                        throw new UserError("TF.js node '" + name + "' fuses '" + op
                                + "', which Vigía's converter cannot split; re-export the model without fusing");
                    }
                    chain.add(plain(nodeName, op, type, previous).build());
                }
            }
            previous = nodeName;
        }
        return chain;
    }

    /** PReLU(x) = relu(x) - alpha * relu(-x), from ops every TensorFlow build has. */
    private static List<NodeDef> prelu(String name, AttrValue type, String x, String alpha) {
        NodeDef positive = plain(name + "/_positive", "Relu", type, x).build();
        NodeDef negated = plain(name + "/_negated", "Neg", type, x).build();
        NodeDef negativePart = plain(name + "/_negative", "Relu", type, negated.getName()).build();
        NodeDef scaled = plain(name + "/_scaled", "Mul", type, alpha, negativePart.getName()).build();
        NodeDef result = plain(name, "Sub", type, positive.getName(), scaled.getName()).build();
        return List.of(positive, negated, negativePart, scaled, result);
    }

    private static NodeDef.Builder plain(String name, String op, AttrValue type, String... inputs) {
        NodeDef.Builder node = NodeDef.newBuilder().setName(name).setOp(op).putAttr("T", type);
        for (String input : inputs) {
            node.addInput(input);
        }
        return node;
    }
}
