package dev.vigia.models.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.vigia.config.UserError;
import dev.vigia.models.tfjs.TfjsGraphConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One loaded SavedModel and one predictor over it: feed named inputs, read named outputs.
 *
 * <p>Not thread-safe: a pipeline with several detection workers gives each its own runner (its
 * own predictor), as DJL asks.
 */
public final class SavedModelRunner implements AutoCloseable {

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final Device device;

    private SavedModelRunner(ZooModel<NDList, NDList> model, Device device) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.device = device;
    }

    public static SavedModelRunner load(Path savedModelDir, DeviceChoice choice) {
        if (!Files.isRegularFile(savedModelDir.resolve("saved_model.pb"))) {
            throw new UserError(savedModelDir + " has no saved_model.pb; it is not a TensorFlow SavedModel");
        }
        Device device = TensorFlowEngine.device(choice);
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(savedModelDir)
                .optEngine(TensorFlowEngine.NAME)
                .optDevice(device)
                .optOption("Tags", TfjsGraphConverter.TAG)
                .optOption("SignatureDefKey", TfjsGraphConverter.SIGNATURE_KEY)
                .optTranslator(new NoopTranslator())
                .build();
        TensorFlowEngine.get();
        try {
            return new SavedModelRunner(criteria.loadModel(), device);
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new UserError("Cannot load the SavedModel in " + savedModelDir + ": " + oneLine(e)
                    + "; pull or import the model again", e);
        }
    }

    /** The signature's output keys. */
    public java.util.List<String> outputNames() {
        return ((ai.djl.nn.SymbolBlock) model.getBlock()).describeOutput().keys();
    }

    /** The declared shape of an output (-1 where any size goes), or null when there is no such output. */
    public long[] outputShape(String name) {
        var outputs = ((ai.djl.nn.SymbolBlock) model.getBlock()).describeOutput();
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).getKey().equals(name)) {
                return outputs.get(i).getValue().getShape();
            }
        }
        return null;
    }

    public NDManager manager() {
        return model.getNDManager();
    }

    public Device device() {
        return device;
    }

    /**
     * Runs the model. Inputs are matched to the signature by name; outputs come back by signature
     * key and belong to {@code scope}, which the caller closes after reading them.
     */
    public Map<String, NDArray> run(NDList inputs) {
        try {
            NDList outputs = predictor.predict(inputs);
            Map<String, NDArray> byName = new HashMap<>();
            for (NDArray output : outputs) {
                byName.put(output.getName(), output);
            }
            return byName;
        } catch (TranslateException e) {
            throw new IllegalStateException("TensorFlow inference failed: " + oneLine(e), e);
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
