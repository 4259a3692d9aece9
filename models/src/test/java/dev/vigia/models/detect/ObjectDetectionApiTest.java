package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.vigia.config.UserError;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.catalog.ModelCatalog;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.store.NpmPackageFetcher;
import dev.vigia.models.tfjs.SavedModelWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The TF Object Detection API signature end to end through DJL, on SavedModels built here with
 * exactly that signature (no such weights can be fetched here). The scores follow the image's
 * brightness, so the test also proves the uint8 frame reaches the graph.
 */
class ObjectDetectionApiTest {

    private static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }

    private static NodeDef floatConst(String name, float[] values, long... shape) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", type(DataType.DT_FLOAT))
                .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
                        .setTensorShape(s).setTensorContent(ByteString.copyFrom(bytes.array()))).build())
                .build();
    }

    private static NodeDef op(String name, String op, String... inputs) {
        NodeDef.Builder node = NodeDef.newBuilder().setName(name).setOp(op);
        for (String input : inputs) {
            node.addInput(input);
        }
        return node.build();
    }

    /** A two-detection OD API export: a dog and a car, scored by the frame's brightness. */
    static Path buildExport(Path dir, boolean withBoxes) throws Exception {
        return buildExport(dir, withBoxes, false);
    }

    /** With masks, a Mask R-CNN export: 2x2 box-relative masks, the dog's left column in, the car's all out. */
    static Path buildExport(Path dir, boolean withBoxes, boolean withMasks) throws Exception {
        GraphDef.Builder g = GraphDef.newBuilder();
        g.addNode(NodeDef.newBuilder().setName("input_tensor").setOp("Placeholder").putAttr("dtype", type(DataType.DT_UINT8)));
        g.addNode(op("as_float", "Cast", "input_tensor").toBuilder().putAttr("SrcT", type(DataType.DT_UINT8))
                .putAttr("DstT", type(DataType.DT_FLOAT)).build());
        ByteBuffer axes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(1).putInt(2).putInt(3);
        g.addNode(NodeDef.newBuilder().setName("axes").setOp("Const").putAttr("dtype", type(DataType.DT_INT32))
                .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_INT32)
                        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(4)))
                        .setTensorContent(ByteString.copyFrom(axes.array()))).build()));
        g.addNode(op("mean", "Mean", "as_float", "axes").toBuilder().putAttr("T", type(DataType.DT_FLOAT))
                .putAttr("Tidx", type(DataType.DT_INT32)).build());
        g.addNode(floatConst("per_level", new float[] {1 / 255f}));
        g.addNode(op("brightness", "Mul", "mean", "per_level").toBuilder().putAttr("T", type(DataType.DT_FLOAT)).build());
        g.addNode(floatConst("base_scores", new float[] {0.9f, 0.4f}, 1, 2));
        g.addNode(op("detection_scores", "Mul", "base_scores", "brightness").toBuilder().putAttr("T", type(DataType.DT_FLOAT)).build());
        g.addNode(floatConst("detection_boxes", new float[] {0.1f, 0.2f, 0.5f, 0.6f, 0.5f, 0.5f, 0.9f, 0.9f}, 1, 2, 4));
        g.addNode(floatConst("detection_classes", new float[] {18, 3}, 1, 2));
        g.addNode(floatConst("num_detections", new float[] {2}, 1));
        g.addNode(floatConst("detection_masks", new float[] {0.9f, 0.1f, 0.7f, 0.3f, 0.2f, 0.2f, 0.2f, 0.2f}, 1, 2, 2, 2));
        SignatureDef.Builder signature = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict")
                .putInputs("input_tensor", TensorInfo.newBuilder().setName("input_tensor:0").setDtype(DataType.DT_UINT8).build());
        for (String output : new String[] {"detection_boxes", "detection_scores", "detection_classes", "num_detections",
            "detection_masks"}) {
            if ((withBoxes || !output.equals("detection_boxes")) && (withMasks || !output.equals("detection_masks"))) {
                signature.putOutputs(output, TensorInfo.newBuilder().setName(output + ":0").setDtype(DataType.DT_FLOAT).build());
            }
        }
        Path export = dir.resolve(withMasks ? "mask_rcnn_export" : withBoxes ? "ssd_export" : "not_od_api");
        SavedModelWriter.write(g.build(), signature.build(), export);
        return export;
    }

    private static ModelStore store(Path root) {
        return new ModelStore(root, ModelCatalog.builtIn(), NpmPackageFetcher.standard(VigiaHome.resolve().resolve("downloads")));
    }

    private static Mat gray(int level) {
        return new Mat(480, 640, opencv_core.CV_8UC3, new Scalar(level, level, level, 0));
    }

    @Test
    void importedExportDetectsInFramePixelsWithCocoCategoryNames(@TempDir Path dir) throws Exception {
        ModelStore store = store(dir.resolve("models"));
        InstalledModel imported = store.importModel(buildExport(dir, true), "my-ssd", "ssd");
        assertEquals("ssd", imported.spec().family());
        try (Detector detector = Detectors.open(store, "ssd", new DetectorOptions(0.3f, DeviceChoice.AUTO))) {
            Detections white = detector.detect(gray(255));
            assertEquals(2, white.size());
            Detection dog = white.get(0);
            assertEquals("dog", dog.label());
            assertEquals(0.9f, dog.score(), 1e-5);
            // normalised ymin 0.1, xmin 0.2, ymax 0.5, xmax 0.6 of a 640x480 frame
            assertEquals(128, dog.x1(), 0.5);
            assertEquals(48, dog.y1(), 0.5);
            assertEquals(384, dog.x2(), 0.5);
            assertEquals(240, dog.y2(), 0.5);
            assertEquals("car", white.get(1).label());

            Detections dim = detector.detect(gray(128));
            assertEquals(1, dim.size(), "at half brightness only the dog (0.45) stays above 0.3");
            assertTrue(dim.preprocessNanos() > 0 && dim.inferenceNanos() > 0);
        }
    }

    @Test
    void maskRcnnMasksTravelWithTheirDetectionsThroughThreshold(@TempDir Path dir) throws Exception {
        ModelStore store = store(dir.resolve("models"));
        store.importModel(buildExport(dir, true, true), "my-mask-rcnn", "faster-rcnn");
        store.importModel(buildExport(dir, true, false), "my-faster-rcnn", "faster-rcnn");
        try (Detector masked = Detectors.open(store, "my-mask-rcnn", new DetectorOptions(0.3f, DeviceChoice.AUTO));
                Detector plain = Detectors.open(store, "my-faster-rcnn", new DetectorOptions(0.3f, DeviceChoice.AUTO))) {
            Detections dim = masked.detect(gray(128));
            assertEquals(1, dim.size(), "only the dog stays above 0.3");
            assertTrue(dim.hasMasks());
            assertEquals(2, dim.maskWidth());
            float[] dogMask = java.util.Arrays.copyOf(dim.maskArray(), 4);
            assertEquals(0.9f, dogMask[0], 1e-6);
            assertEquals(0.3f, dogMask[3], 1e-6, "the dog's own mask, not the car's");
            assertTrue(!plain.detect(gray(255)).hasMasks(), "a Faster R-CNN export without detection_masks has no masks");
        }
    }

    @Test
    void aSavedModelWithoutTheSignatureIsOneLineNamingWhatIsMissing(@TempDir Path dir) throws Exception {
        ModelStore store = store(dir.resolve("models"));
        InstalledModel imported = store.importModel(buildExport(dir, false), "broken", "ssd");
        UserError error = assertThrows(UserError.class,
                () -> Detectors.open(imported, new DetectorOptions(0.3f, DeviceChoice.AUTO)));
        assertTrue(error.getMessage().contains("has no output [detection_boxes]"), error.getMessage());
        assertTrue(!error.getMessage().contains("\n"));
    }

    @Test
    void aFamilyWithNothingImportedSaysHowToImportOne(@TempDir Path dir) {
        UserError error = assertThrows(UserError.class, () -> Detectors.resolve(store(dir.resolve("models")), "faster-rcnn"));
        assertTrue(error.getMessage().startsWith("No faster-rcnn model is installed; import"), error.getMessage());
        assertTrue(error.getMessage().contains("--family faster-rcnn"), error.getMessage());
    }
}
