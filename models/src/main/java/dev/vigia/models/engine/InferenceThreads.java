package dev.vigia.models.engine;

import dev.vigia.config.UserError;
import java.util.Base64;
import dev.vigia.models.precision.Precision;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * TensorFlow's two thread pools for one loaded model: {@code intraOp} threads split one op (a
 * convolution) between them, {@code interOp} threads run independent ops side by side. Zero
 * leaves the choice to TensorFlow, which sizes both pools to every core; beside capture, drawing
 * and encoding that oversubscribes, so {@link #forWorkers} keeps cores for them. {@code pinned}:
 * on a CPU, inference runs on CPUs of its own and the pipeline on the others ({@link CpuPlan}),
 * when the model is the process's first.
 */
public record InferenceThreads(int intraOp, int interOp, boolean pinned) {

    public InferenceThreads {
        if (intraOp < 0 || interOp < 0) {
            throw new UserError("inference thread counts must be 0 (TensorFlow's choice) or more, got " + intraOp + "," + interOp);
        }
    }

    /** These counts, with no CPU pinning. */
    public InferenceThreads(int intraOp, int interOp) {
        this(intraOp, interOp, false);
    }

    /** TensorFlow's own choice: every core in both pools. */
    public static InferenceThreads tensorFlowDefault() {
        return new InferenceThreads(0, 0);
    }

    /**
     * One worker: pinned, with an intra-op thread for each inference CPU of {@link CpuPlan#split}
     * (all but the rest's quarter). On two cores NanoDet detects as fast with one intra-op thread
     * as with two (12-14 fps either way), so the second core is better spent on the rest of the
     * pipeline. Several workers are there to spread detection over the cores, so they are not
     * pinned: all cores but one, shared evenly. At least one intra-op and one inter-op thread each.
     */
    public static InferenceThreads forWorkers(int cores, int workers) {
        if (workers <= 1) {
            return new InferenceThreads(Math.max(1, cores - CpuPlan.cpusForRest(cores)), 1, true);
        }
        return new InferenceThreads(Math.max(1, (cores - 1) / workers), 1, false);
    }

    /** Parses {@code INTRA,INTER} (e.g. {@code 2,1}; not pinned), {@code auto} (pinned) or {@code tf}. */
    public static InferenceThreads parse(String text, int cores, int workers) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("auto")) {
            return forWorkers(cores, workers);
        }
        if (text.trim().equalsIgnoreCase("tf")) {
            return tensorFlowDefault();
        }
        String[] parts = text.split(",");
        try {
            if (parts.length == 2) {
                return new InferenceThreads(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the one message below
        }
        throw new UserError("inference threads '" + text + "' is not INTRA,INTER (e.g. 2,1), auto or tf");
    }

    /** The session configuration DJL's TensorFlow engine takes as its {@code ConfigProto} option, at float32. */
    String configProtoBase64() {
        return configProtoBase64(Precision.FP32);
    }

    /**
     * The session configuration at {@code precision} (fp32 or bf16). bf16 asks Grappler's oneDNN
     * auto mixed precision pass to rewrite the graph: ops with bfloat16 kernels (convolutions,
     * matrix products) run in bfloat16, with casts at the edges; inputs and outputs stay float32.
     */
    ConfigProto configProto(Precision precision) {
        if (precision == Precision.AUTO) {
            throw new IllegalArgumentException("a session runs at fp32 or bf16; resolve auto first");
        }
        // Soft placement as DJL's own default configuration has it: ops without a GPU kernel run on the CPU.
        ConfigProto.Builder config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOp)
                .setInterOpParallelismThreads(interOp)
                .setAllowSoftPlacement(true);
        if (precision == Precision.BF16) {
            config.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
                    .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
        }
        return config.build();
    }

    String configProtoBase64(Precision precision) {
        return Base64.getEncoder().encodeToString(configProto(precision).toByteArray());
    }

    @Override
    public String toString() {
        return intraOp == 0 && interOp == 0 ? "tf" : intraOp + "," + interOp + (pinned ? " pinned" : "");
    }
}
