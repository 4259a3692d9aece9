package dev.vigia.models.detect;

import dev.vigia.models.nms.Suppressor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vigia.models.catalog.InputSpec;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.engine.SavedModelRunner;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A detector over a TensorFlow SavedModel: OpenCV preprocessing into a float blob, one DJL
 * inference, the family's {@link OutputDecoder}, then one suppressor (the family's NMS, or none
 * when the caller suppresses). Each phase is timed into the detections.
 */
public final class SavedModelDetector implements Detector {

    private final String name;
    private final SavedModelRunner runner;
    private final ImagePreprocessor preprocessor;
    private final OutputDecoder decoder;
    private final LabelMap labels;
    private final float scoreThreshold;
    private final Suppressor suppressor;
    private final Shape inputShape;
    private final float[][] outputs;

    public SavedModelDetector(String name, SavedModelRunner runner, ImagePreprocessor preprocessor,
            OutputDecoder decoder, LabelMap labels, float scoreThreshold, Suppressor suppressor) {
        this.name = name;
        this.runner = runner;
        this.preprocessor = preprocessor;
        this.decoder = decoder;
        this.labels = labels;
        this.scoreThreshold = scoreThreshold;
        this.suppressor = suppressor;
        this.inputShape = new Shape(preprocessor.tensorShape());
        this.outputs = new float[decoder.outputNames().size()][];
    }

    @Override
    public void detect(Mat bgrFrame, Detections into) {
        into.clear();
        into.setLabels(labels);
        long start = System.nanoTime();
        FrameTransform transform = preprocessor.prepare(bgrFrame);
        try (NDManager scope = runner.manager().newSubManager()) {
            NDArray input = scope.create(preprocessor.blobBuffer(), inputShape,
                    preprocessor.elementType() == InputSpec.ElementType.UINT8 ? DataType.UINT8 : DataType.FLOAT32);
            long prepared = System.nanoTime();
            Map<String, NDArray> results = runner.run(new NDList(input));
            long inferred = System.nanoTime();
            readOutputs(results);
            decoder.decode(outputs, transform, scoreThreshold, into);
            long decoded = System.nanoTime();
            int candidates = into.size();
            if (suppressor != null) {
                suppressor.apply(into);
            }
            into.setTimings(prepared - start, inferred - prepared, decoded - inferred);
            into.setSuppression(candidates, System.nanoTime() - decoded);
        }
    }

    /** Copies each needed output into a float array reused across frames. */
    private void readOutputs(Map<String, NDArray> results) {
        List<String> names = decoder.outputNames();
        for (int i = 0; i < names.size(); i++) {
            NDArray array = results.get(names.get(i));
            if (array == null) {
                throw new IllegalStateException("Model '" + name + "' has no output '" + names.get(i)
                        + "'; it has " + results.keySet());
            }
            int size = Math.toIntExact(array.size());
            if (outputs[i] == null || outputs[i].length != size) {
                outputs[i] = new float[size];
            }
            if (array.getDataType() == DataType.FLOAT32) {
                array.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(outputs[i]);
            } else {
                try (NDArray asFloat = array.toType(DataType.FLOAT32, false)) {
                    asFloat.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(outputs[i]);
                }
            }
        }
    }

    @Override
    public LabelMap labels() {
        return labels;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        preprocessor.close();
        runner.close();
    }
}
