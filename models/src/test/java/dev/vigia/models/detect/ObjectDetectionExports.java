package dev.vigia.models.detect;

import com.google.protobuf.ByteString;
import dev.vigia.models.tfjs.SavedModelWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * SavedModels with exactly the TF Object Detection API's serving signature (no such weights can
 * be fetched here): two fixed detections whose scores follow the frame's brightness, so a test
 * also proves that the uint8 frame reaches the graph.
 */
public final class ObjectDetectionExports {

    private ObjectDetectionExports() {}

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

    /** A dog and a car ({@code withBoxes} false leaves out detection_boxes: not the signature). */
    public static Path build(Path dir, boolean withBoxes) throws Exception {
        return build(dir, withBoxes, false);
    }

    /** With masks, a Mask R-CNN export: 2x2 box-relative masks, the dog's left column in, the car's all out. */
    public static Path build(Path dir, boolean withBoxes, boolean withMasks) throws Exception {
        return build(dir, withBoxes, withMasks, false);
    }

    /**
     * An SSD-signature export that loads but fails on every inference, as a broken model does:
     * its scores reshape the image to zero elements, which TensorFlow refuses at run time.
     */
    public static Path buildFailingAtInference(Path dir) throws Exception {
        return build(dir, true, false, true);
    }

    private static Path build(Path dir, boolean withBoxes, boolean withMasks, boolean failing) throws Exception {
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
        if (failing) {
            ByteBuffer zero = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0);
            g.addNode(NodeDef.newBuilder().setName("no_elements").setOp("Const").putAttr("dtype", type(DataType.DT_INT32))
                    .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_INT32)
                            .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(1)))
                            .setTensorContent(ByteString.copyFrom(zero.array()))).build()));
            g.addNode(op("detection_scores", "Reshape", "as_float", "no_elements").toBuilder().putAttr("T", type(DataType.DT_FLOAT))
                    .putAttr("Tshape", type(DataType.DT_INT32)).build());
        } else {
            g.addNode(op("detection_scores", "Mul", "base_scores", "brightness").toBuilder().putAttr("T", type(DataType.DT_FLOAT)).build());
        }
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
        Path export = dir.resolve(failing ? "failing_export" : withMasks ? "mask_rcnn_export" : withBoxes ? "ssd_export" : "not_od_api");
        SavedModelWriter.write(g.build(), signature.build(), export);
        return export;
    }
}
