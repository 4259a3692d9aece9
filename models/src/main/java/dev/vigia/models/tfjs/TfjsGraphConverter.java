package dev.vigia.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
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
 * Turns a TF.js graph model ({@code model.json} + {@code .bin} shards) into a TensorFlow
 * SavedModel that DJL's TensorFlow engine loads.
 *
 * <p>The graph topology is already a GraphDef in proto JSON; what TF.js changed is undone here:
 * Const tensors get their values back from the weight shards (int64 constants that TF.js stored
 * as int32 are widened), TF.js-only fused ops are split into plain ops, device pins are dropped
 * (so a GPU can be used), and the model's {@code signature} becomes {@code serving_default}.
 */
public final class TfjsGraphConverter {

    public static final String SIGNATURE_KEY = SavedModelWriter.SIGNATURE_KEY;
    public static final String TAG = SavedModelWriter.TAG;

    private TfjsGraphConverter() {}

    /**
     * Converts {@code modelJson} and writes {@code saved_model.pb} (plus an empty
     * {@code variables/}) into {@code savedModelDir}, which must not exist yet or be empty.
     */
    public static SavedModelSummary convert(Path modelJson, Path savedModelDir) throws IOException {
        JsonNode model = JsonFiles.read(modelJson);
        if (!"graph-model".equals(model.path("format").asText("graph-model"))
                || !model.has("modelTopology") || !model.path("modelTopology").has("node")) {
            throw new InvalidSettingException(Setting.MODEL_IMPORT, modelJson.toString(), modelJson
                    + " is not a TF.js graph model (no modelTopology.node); a layers model is imported from its Keras model folder");
        }
        GraphDef.Builder source = GraphDef.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(model.get("modelTopology").toString(), source);
        } catch (InvalidProtocolBufferException e) {
            throw new UserError(modelJson + " has a malformed modelTopology: " + e.getMessage());
        }
        Map<String, TfjsWeights.Weight> weights = TfjsWeights.read(model.path("weightsManifest"), modelJson.getParent());

        GraphDef.Builder graph = GraphDef.newBuilder();
        if (source.hasVersions()) {
            graph.setVersions(source.getVersions());
        }
        if (source.hasLibrary()) {
            graph.setLibrary(source.getLibrary());
        }
        // The library's functions run too (If, While and calls name them): every one is checked.
        GraphOpCheck.firstDisallowed(source.build()).ifPresent(problem -> {
            throw new UserError(modelJson + ": " + problem
                    + "; Vigía converts only the ops TF.js runs, so this file is refused");
        });
        for (NodeDef node : source.getNodeList()) {
            NodeDef unpinned = node.toBuilder().clearDevice().build();
            if (unpinned.getOp().equals("Const")) {
                graph.addNode(withWeight(unpinned, weights, modelJson));
            } else if (FusedOpSplitter.isFused(unpinned)) {
                graph.addAllNode(FusedOpSplitter.split(unpinned));
            } else {
                graph.addNode(unpinned);
            }
        }
        SignatureDef signature = signature(model.path("signature"), graph, modelJson);
        SavedModelWriter.write(graph.build(), signature, savedModelDir);
        return SavedModelSummary.of(signature);
    }

    private static NodeDef withWeight(NodeDef node, Map<String, TfjsWeights.Weight> weights, Path modelJson) {
        DataType nodeType = node.getAttrOrDefault("dtype", AttrValue.getDefaultInstance()).getType();
        TfjsWeights.Weight weight = weights.get(node.getName());
        TensorProto.Builder tensor = TensorProto.newBuilder().setDtype(nodeType);
        if (weight == null) {
            TensorShapeProto declared = node.getAttrOrThrow("value").getTensor().getTensorShape();
            if (elementCount(declared) != 0) {
                throw new UserError(modelJson + ": constant '" + node.getName()
                        + "' has no weights in the .bin shards; the model files are incomplete");
            }
            tensor.setTensorShape(declared);
        } else {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (long d : weight.shape()) {
                shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            }
            tensor.setTensorShape(shape);
            byte[] data = weight.littleEndianData();
            if (nodeType == DataType.DT_INT64 && weight.dtype().equals("int32")) {
                data = widenInt32ToInt64(data);
            }
            tensor.setTensorContent(ByteString.copyFrom(data));
        }
        return node.toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
    }

    private static long elementCount(TensorShapeProto shape) {
        long n = 1;
        for (TensorShapeProto.Dim d : shape.getDimList()) {
            n *= d.getSize();
        }
        return n;
    }

    private static byte[] widenInt32ToInt64(byte[] int32s) {
        ByteBuffer in = ByteBuffer.wrap(int32s).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(int32s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putLong(in.getInt());
        }
        return out.array();
    }

    /** The model's own signature when it has one; otherwise its placeholders and its unconsumed nodes. */
    private static SignatureDef signature(JsonNode declared, GraphDef.Builder graph, Path modelJson)
            throws InvalidProtocolBufferException {
        Map<String, TensorInfo> inputs = new LinkedHashMap<>();
        Map<String, TensorInfo> outputs = new LinkedHashMap<>();
        if (declared.has("inputs") && declared.has("outputs")) {
            collect(declared.get("inputs"), inputs);
            collect(declared.get("outputs"), outputs);
        } else {
            Set<String> consumed = new HashSet<>();
            for (NodeDef node : graph.getNodeList()) {
                for (String input : node.getInputList()) {
                    consumed.add(input.replaceFirst("^\\^", "").replaceFirst(":\\d+$", ""));
                }
            }
            for (NodeDef node : graph.getNodeList()) {
                if (node.getOp().equals("Placeholder")) {
                    inputs.put(node.getName(), TensorInfo.newBuilder().setName(node.getName() + ":0")
                            .setDtype(node.getAttrOrThrow("dtype").getType())
                            .setTensorShape(node.getAttrOrDefault("shape", AttrValue.getDefaultInstance()).getShape())
                            .build());
                } else if (!consumed.contains(node.getName()) && !Set.of("Const", "NoOp").contains(node.getOp())) {
                    outputs.put(node.getName(), TensorInfo.newBuilder().setName(node.getName() + ":0").build());
                }
            }
        }
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new UserError(modelJson + " declares no inputs or no outputs; it cannot be served");
        }
        return SignatureDef.newBuilder().putAllInputs(inputs).putAllOutputs(outputs)
                .setMethodName("tensorflow/serving/predict").build();
    }

    private static void collect(JsonNode entries, Map<String, TensorInfo> into) throws InvalidProtocolBufferException {
        var fields = entries.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            TensorInfo.Builder info = TensorInfo.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(entry.getValue().toString(), info);
            if (info.getName().isEmpty()) {
                info.setName(entry.getKey());
            }
            String tensorName = info.getName().contains(":") ? info.getName() : info.getName() + ":0";
            info.setName(tensorName);
            into.put(tensorName.replaceFirst(":0$", ""), info.build());
        }
    }

}
