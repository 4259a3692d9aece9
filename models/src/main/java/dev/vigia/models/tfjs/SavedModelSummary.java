package dev.vigia.models.tfjs;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** The served inputs and outputs of a converted model, by signature key, with their shapes (-1 = any). */
public record SavedModelSummary(List<Tensor> inputs, List<Tensor> outputs) {

    /** One tensor of the signature: its key, TensorFlow name and shape. */
    public record Tensor(String key, String tensorName, long[] shape) {}

    static SavedModelSummary of(SignatureDef signature) {
        return new SavedModelSummary(tensors(signature.getInputsMap()), tensors(signature.getOutputsMap()));
    }

    private static List<Tensor> tensors(java.util.Map<String, TensorInfo> byKey) {
        List<Tensor> tensors = new ArrayList<>();
        byKey.forEach((key, info) -> tensors.add(new Tensor(key, info.getName(),
                info.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray())));
        return tensors;
    }
}
