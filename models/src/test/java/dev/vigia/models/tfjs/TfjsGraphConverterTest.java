package dev.vigia.models.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.vigia.config.UserError;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.SavedModelRunner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * A hand-written TF.js graph that uses every rule the converter applies, run through DJL's
 * TensorFlow engine and compared with values worked out by hand.
 */
class TfjsGraphConverterTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static final String CONV_ATTRS = """
            "T": {"type": "DT_FLOAT"}, "strides": {"list": {"i": ["1","1","1","1"]}},
            "padding": {"s": "%s"}, "data_format": {"s": "%s"}, "dilations": {"list": {"i": ["1","1","1","1"]}},
            "explicit_paddings": {"list": {}}, "epsilon": {"f": 0}""".formatted(b64("VALID"), b64("NHWC"));

    private static String floatConst(String name, int... shape) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(dims.length() == 0 ? "" : ",").append("{\"size\": \"").append(d).append("\"}");
        }
        return """
                {"name": "%s", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
                 "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [%s]}}}}}""".formatted(name, dims);
    }

    static final String MODEL_JSON = """
            {"format": "graph-model", "generatedBy": "hand", "convertedBy": "hand",
             "modelTopology": {"node": [
               {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
                "shape": {"shape": {"dim": [{"size": "1"}, {"size": "2"}, {"size": "2"}, {"size": "2"}]}}}},
               %s, %s, %s, %s, %s,
               {"name": "shape", "op": "Const", "attr": {"dtype": {"type": "DT_INT64"},
                "value": {"tensor": {"dtype": "DT_INT64", "tensorShape": {"dim": [{"size": "2"}]}}}}},
               {"name": "conv", "op": "_FusedConv2D", "input": ["x", "w", "b"], "device": "/device:CPU:0",
                "attr": {%s, "num_args": {"i": "1"}, "use_cudnn_on_gpu": {"b": true},
                         "fused_ops": {"list": {"s": ["%s", "%s"]}}}},
               {"name": "flat", "op": "Reshape", "input": ["conv", "shape"],
                "attr": {"T": {"type": "DT_FLOAT"}, "Tshape": {"type": "DT_INT64"}}},
               {"name": "dw", "op": "FusedDepthwiseConv2dNative", "input": ["x", "dw_filter", "dw_bias", "alpha"],
                "attr": {%s, "num_args": {"i": "2"}, "fused_ops": {"list": {"s": ["%s", "%s"]}}}}
             ], "versions": {"producer": 561}},
             "weightsManifest": [{"paths": ["group1-shard1of2.bin", "group1-shard2of2.bin"], "weights": [
               {"name": "w", "shape": [1, 1, 2, 1], "dtype": "float32"},
               {"name": "b", "shape": [1], "dtype": "float32", "quantization": {"dtype": "float16", "original_dtype": "float32"}},
               {"name": "shape", "shape": [2], "dtype": "int32"},
               {"name": "dw_filter", "shape": [1, 1, 2, 1], "dtype": "float32"},
               {"name": "dw_bias", "shape": [2], "dtype": "float32",
                "quantization": {"dtype": "uint8", "min": -1.0, "scale": 0.5, "original_dtype": "float32"}},
               {"name": "alpha", "shape": [2], "dtype": "float32"}
             ]}],
             "signature": {
               "inputs": {"x:0": {"name": "x:0", "dtype": "DT_FLOAT",
                 "tensorShape": {"dim": [{"size": "1"}, {"size": "2"}, {"size": "2"}, {"size": "2"}]}}},
               "outputs": {"flat:0": {"name": "flat:0", "dtype": "DT_FLOAT"}, "dw:0": {"name": "dw:0", "dtype": "DT_FLOAT"}}}}
            """.formatted(floatConst("w", 1, 1, 2, 1), floatConst("b", 1), floatConst("dw_filter", 1, 1, 2, 1),
            floatConst("dw_bias", 2), floatConst("alpha", 2), CONV_ATTRS, b64("BiasAdd"), b64("Relu"),
            CONV_ATTRS, b64("BiasAdd"), b64("Prelu"));

    /** Writes the model and its weights, split over two shards mid-tensor as TF.js may do. */
    static Path writeModel(Path dir) throws Exception {
        ByteBuffer weights = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        weights.putFloat(2f).putFloat(1f); // w: out = 2 * c0 + 1 * c1
        weights.putShort((short) 0xBC00); // b = -1 as float16
        weights.putInt(1).putInt(4); // shape [1, 4], widened to int64
        weights.putFloat(0.5f).putFloat(-1f); // dw_filter per channel
        weights.put((byte) 2).put((byte) 4); // dw_bias = q * 0.5 - 1 = [0, 1]
        weights.putFloat(0.1f).putFloat(0.1f); // alpha
        byte[] all = java.util.Arrays.copyOf(weights.array(), weights.position());
        Files.write(dir.resolve("group1-shard1of2.bin"), java.util.Arrays.copyOfRange(all, 0, 13));
        Files.write(dir.resolve("group1-shard2of2.bin"), java.util.Arrays.copyOfRange(all, 13, all.length));
        Path json = dir.resolve("model.json");
        Files.writeString(json, MODEL_JSON);
        return json;
    }

    @Test
    void convertedGraphComputesWhatTheTfjsOpsMean(@TempDir Path dir) throws Exception {
        Path json = writeModel(dir);
        SavedModelSummary summary = TfjsGraphConverter.convert(json, dir.resolve("saved"));
        assertEquals("x", summary.inputs().get(0).key());

        try (SavedModelRunner runner = SavedModelRunner.load(dir.resolve("saved"), DeviceChoice.AUTO)) {
            NDArray x = runner.manager().create(new float[] {1, -2, 3, 4, -5, 6, 0.5f, -1}, new Shape(1, 2, 2, 2));
            Map<String, NDArray> out = runner.run(new NDList(x));
            // conv = relu(2*c0 + c1 - 1) per pixel: (-1, 9, -5, -1) -> (0, 9, 0, 0)
            assertArrayEquals(new float[] {0, 9, 0, 0}, out.get("flat").toFloatArray(), 1e-6f);
            // dw = prelu(0.5*c0 + 0, -1*c1 + 1) with alpha 0.1
            assertArrayEquals(new float[] {0.5f, 3, 1.5f, -0.3f, -0.25f, -0.5f, 0.25f, 2},
                    out.get("dw").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void fusedOpsAreSplitAndDevicePinsDropped(@TempDir Path dir) throws Exception {
        TfjsGraphConverter.convert(writeModel(dir), dir.resolve("saved"));
        SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved/saved_model.pb")));
        var graph = saved.getMetaGraphs(0).getGraphDef();
        for (NodeDef node : graph.getNodeList()) {
            assertTrue(!node.getOp().startsWith("_Fused") && !node.getOp().startsWith("Fused"), node.getOp());
            assertEquals("", node.getDevice(), node.getName());
        }
        NodeDef conv = graph.getNodeList().stream().filter(n -> n.getName().equals("conv")).findFirst().orElseThrow();
        assertEquals("Relu", conv.getOp());
        assertTrue(saved.getMetaGraphs(0).getSignatureDefMap().containsKey("serving_default"));
        assertEquals(java.util.List.of("serve"), saved.getMetaGraphs(0).getMetaInfoDef().getTagsList());
    }

    @Test
    void truncatedShardIsAOneLineErrorNamingTheWeight(@TempDir Path dir) throws Exception {
        Path json = writeModel(dir);
        Files.write(dir.resolve("group1-shard2of2.bin"), new byte[3]);
        UserError error = assertThrows(UserError.class, () -> TfjsGraphConverter.convert(json, dir.resolve("saved")));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        assertTrue(!error.getMessage().contains("\n"));
    }

    @Test
    void missingShardAndNonGraphJsonAreUserErrors(@TempDir Path dir) throws Exception {
        Path json = writeModel(dir);
        Files.delete(dir.resolve("group1-shard1of2.bin"));
        assertTrue(assertThrows(UserError.class, () -> TfjsGraphConverter.convert(json, dir.resolve("a")))
                .getMessage().contains("missing"));
        Files.writeString(json, "{\"format\": \"layers-model\", \"modelTopology\": {}}");
        assertTrue(assertThrows(UserError.class, () -> TfjsGraphConverter.convert(json, dir.resolve("b")))
                .getMessage().contains("not a TF.js graph model"));
        Files.writeString(json, "{not json");
        assertTrue(assertThrows(UserError.class, () -> TfjsGraphConverter.convert(json, dir.resolve("c")))
                .getMessage().contains("not valid JSON"));
    }

    @Test
    void unknownFusedActivationIsRejectedByName() {
        NodeDef fused = NodeDef.newBuilder().setName("n").setOp("_FusedConv2D").addInput("x").addInput("w").addInput("b")
                .putAttr("fused_ops", org.tensorflow.proto.AttrValue.newBuilder().setList(
                        org.tensorflow.proto.AttrValue.ListValue.newBuilder()
                                .addS(com.google.protobuf.ByteString.copyFromUtf8("BiasAdd"))
                                .addS(com.google.protobuf.ByteString.copyFromUtf8("Swish"))).build())
                .build();
        UserError error = assertThrows(UserError.class, () -> FusedOpSplitter.split(fused));
        assertTrue(error.getMessage().contains("'Swish'"), error.getMessage());
    }
}
