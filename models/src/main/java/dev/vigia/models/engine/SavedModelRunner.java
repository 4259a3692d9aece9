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
import dev.vigia.models.precision.Precision;
import dev.vigia.models.tfjs.TfjsGraphConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One predictor over a loaded SavedModel: feed named inputs, read named outputs.
 *
 * <p>Not thread-safe: a pipeline with several detection workers gives each its own runner from
 * {@link #newRunner()}, which shares the loaded model (its weights, once per device) and has a
 * predictor of its own, as DJL asks. The model is closed with the last runner over it.
 */
public final class SavedModelRunner implements AutoCloseable {

    private final SharedModel shared;
    private final Predictor<NDList, NDList> predictor;
    private boolean closed;

    /** The loaded model and how many runners still use it. */
    private static final class SharedModel {
        final ZooModel<NDList, NDList> model;
        final Device device;
        int users;
        boolean closed;

        SharedModel(ZooModel<NDList, NDList> model, Device device) {
            this.model = model;
            this.device = device;
        }
    }

    private SavedModelRunner(SharedModel shared) {
        synchronized (shared) {
            if (shared.closed) {
                throw new IllegalStateException("the model is closed");
            }
            shared.users++;
        }
        this.shared = shared;
        this.predictor = shared.model.newPredictor();
    }

    public static SavedModelRunner load(Path savedModelDir, DeviceChoice choice) {
        return load(savedModelDir, choice, InferenceThreads.tensorFlowDefault());
    }

    /**
     * Loads the model with TensorFlow's thread pools sized as {@code threads} says, and, when they
     * are pinned, the model runs on a CPU and TensorFlow is not running yet, on CPUs of their own.
     */
    public static SavedModelRunner load(Path savedModelDir, DeviceChoice choice, InferenceThreads threads) {
        return load(savedModelDir, choice, threads, Precision.FP32);
    }

    /** As {@link #load(Path, DeviceChoice, InferenceThreads)}, with the graph run at {@code precision} (fp32 or bf16). */
    public static SavedModelRunner load(Path savedModelDir, DeviceChoice choice, InferenceThreads threads, Precision precision) {
        if (!Files.isRegularFile(savedModelDir.resolve("saved_model.pb"))) {
            throw new UserError(savedModelDir + " has no saved_model.pb; it is not a TensorFlow SavedModel");
        }
        startEngine(choice, threads);
        // Pools a session makes at load time join the engine's CPUs too.
        return TensorFlowEngine.cpuPlan().onInferenceCpus(() -> loadOnThisThread(savedModelDir, choice, threads, precision));
    }

    /**
     * Starts TensorFlow, once per process, as loading a model with {@code threads} on {@code choice}
     * would: on CPUs of its own when the threads are pinned and the model runs on a CPU. A program
     * that loads a helper model (an upscaler) before its detector calls this first with the
     * detector's settings, since whichever model starts TensorFlow fixes its CPUs for all of them.
     */
    public static void startEngine(DeviceChoice choice, InferenceThreads threads) {
        TensorFlowEngine.get(threads.pinned() && runsOnCpu(choice) ? CpuPlan.forThisMachine() : CpuPlan.NONE);
    }

    /** Asked before TensorFlow starts (CUDA's driver, not TensorFlow, counts the GPUs), since starting it fixes its CPUs. */
    private static boolean runsOnCpu(DeviceChoice choice) {
        return choice == DeviceChoice.CPU || choice == DeviceChoice.AUTO && ai.djl.util.cuda.CudaUtils.getGpuCount() == 0;
    }

    private static SavedModelRunner loadOnThisThread(Path savedModelDir, DeviceChoice choice, InferenceThreads threads,
            Precision precision) {
        Device device = TensorFlowEngine.device(choice);
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(savedModelDir)
                .optEngine(TensorFlowEngine.NAME)
                .optDevice(device)
                .optOption("Tags", TfjsGraphConverter.TAG)
                .optOption("SignatureDefKey", TfjsGraphConverter.SIGNATURE_KEY)
                .optOption("ConfigProto", threads.configProtoBase64(precision))
                .optTranslator(new NoopTranslator())
                .build();
        try {
            return new SavedModelRunner(new SharedModel(criteria.loadModel(), device));
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new UserError("Cannot load the SavedModel in " + savedModelDir + ": " + oneLine(e)
                    + "; pull or import the model again", e);
        }
    }

    /** Another predictor over the same loaded model, for another thread. */
    public SavedModelRunner newRunner() {
        return new SavedModelRunner(shared);
    }

    /** The signature's output keys. */
    public java.util.List<String> outputNames() {
        return ((ai.djl.nn.SymbolBlock) shared.model.getBlock()).describeOutput().keys();
    }

    /**
     * How many images one call takes: the first dimension of the (single) input, or
     * {@link Integer#MAX_VALUE} when the graph leaves it free. Graphs that fix it at 1 (TF.js
     * exports fold the batch into reshape constants) run one image per call.
     */
    public int batchLimit() {
        var inputs = ((ai.djl.nn.SymbolBlock) shared.model.getBlock()).describeInput();
        if (inputs.size() != 1) {
            return 1;
        }
        long[] shape = inputs.get(0).getValue().getShape();
        return shape.length == 0 ? 1 : shape[0] < 0 ? Integer.MAX_VALUE : (int) shape[0];
    }

    /** The declared shape of an output (-1 where any size goes), or null when there is no such output. */
    public long[] outputShape(String name) {
        var outputs = ((ai.djl.nn.SymbolBlock) shared.model.getBlock()).describeOutput();
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).getKey().equals(name)) {
                return outputs.get(i).getValue().getShape();
            }
        }
        return null;
    }

    public NDManager manager() {
        return shared.model.getNDManager();
    }

    public Device device() {
        return shared.device;
    }

    /**
     * Runs the model. Inputs are matched to the signature by name; outputs come back by signature
     * key and belong to {@code scope}, which the caller closes after reading them.
     */
    public Map<String, NDArray> run(NDList inputs) {
        requireKnownNames(inputs);
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

    /**
     * Named inputs must be the signature's: TensorFlow is handed a null tensor for a name it does
     * not have, and that ends the whole process (SIGSEGV in TF_TensorToTensor), not the call.
     */
    private void requireKnownNames(NDList inputs) {
        java.util.List<String> known = ((ai.djl.nn.SymbolBlock) shared.model.getBlock()).describeInput().keys();
        for (NDArray input : inputs) {
            if (input.getName() != null && !input.getName().isEmpty() && !known.contains(input.getName())) {
                throw new IllegalArgumentException("The model has no input named '" + input.getName() + "'; its inputs are " + known);
            }
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
        if (closed) {
            return;
        }
        closed = true;
        predictor.close();
        synchronized (shared) {
            if (--shared.users == 0) {
                shared.closed = true;
                shared.model.close();
            }
        }
    }
}
