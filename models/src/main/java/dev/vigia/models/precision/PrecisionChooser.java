package dev.vigia.models.precision;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a requested precision into the one a model runs at on this CPU.
 * <ul>
 * <li>{@code fp32}: as asked.
 * <li>{@code bf16}: as asked where the CPU has native bfloat16; elsewhere an invalid setting,
 *     since TensorFlow would emulate it, slower than float32.
 * <li>{@code auto}: float32 on a CPU without native bfloat16 (never tried). Otherwise the decision
 *     stored for this CPU and these model files, or, the first time, a {@link PrecisionTrial}:
 *     bfloat16 is kept when its outputs are within tolerance and it is at least
 *     {@link #MIN_SPEEDUP} times as fast (a smaller gain is within the noise of a short trial),
 *     and the decision is stored with its reason.
 * </ul>
 */
public final class PrecisionChooser {

    /** bfloat16 must be at least this much faster than float32 to be chosen. */
    public static final double MIN_SPEEDUP = 1.1;

    private final CpuFeatures cpu;

    public PrecisionChooser(CpuFeatures cpu) {
        this.cpu = cpu;
    }

    public CpuFeatures cpu() {
        return cpu;
    }

    /**
     * @param modelFolder the model's folder in the store, where decisions are kept
     * @param savedModel its SavedModel folder, whose checksum keys the decision
     * @param trial measures both precisions; run only when {@code auto} has nothing stored
     */
    public PrecisionDecision decide(Precision requested, Path modelFolder, Path savedModel, PrecisionTrial trial) {
        switch (requested) {
            case FP32:
                return PrecisionDecision.unmeasured(Precision.FP32, "asked for");
            case BF16:
                requireNativeBf16();
                return PrecisionDecision.unmeasured(Precision.BF16, "asked for");
            default:
                break;
        }
        if (!cpu.hasNativeBf16()) {
            return PrecisionDecision.unmeasured(Precision.FP32, "auto: this CPU has no native bf16 (avx512_bf16 or amx_bf16), so bf16 is not tried");
        }
        PrecisionDecisions decisions = new PrecisionDecisions(modelFolder);
        String checksum = ModelChecksum.of(savedModel);
        Optional<PrecisionDecision> stored = decisions.find(cpu, checksum);
        if (stored.isPresent()) {
            return stored.get();
        }
        org.slf4j.LoggerFactory.getLogger(PrecisionChooser.class).info(
                "Measuring fp32 against bf16 for {} on this CPU, once (a few seconds; the decision is kept in {})",
                modelFolder.getFileName(), decisions.fileFor(cpu));
        PrecisionDecision decision = measure(trial);
        decisions.save(cpu, checksum, decision);
        return decision;
    }

    /**
     * What a loader runs a model at when it cannot run a trial itself: fp32 as asked, bf16 where
     * the CPU has it natively (else an invalid setting), auto as stored for this CPU, else fp32.
     */
    public Precision toRun(Precision requested, Path modelFolder, Path savedModel) {
        return switch (requested) {
            case FP32 -> Precision.FP32;
            case BF16 -> {
                requireNativeBf16();
                yield Precision.BF16;
            }
            case AUTO -> storedOrFp32(modelFolder, savedModel).precision();
        };
    }

    /** The decision stored for this CPU and model, else float32: for loaders that cannot run a trial themselves. */
    public PrecisionDecision storedOrFp32(Path modelFolder, Path savedModel) {
        if (!cpu.hasNativeBf16()) {
            return PrecisionDecision.unmeasured(Precision.FP32, "auto: this CPU has no native bf16");
        }
        return new PrecisionDecisions(modelFolder).find(cpu, ModelChecksum.of(savedModel))
                .orElse(PrecisionDecision.unmeasured(Precision.FP32, "auto: not measured on this CPU yet"));
    }

    private PrecisionDecision measure(PrecisionTrial trial) {
        long start = System.nanoTime();
        PrecisionTrial.Outcome outcome = trial.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double speedup = outcome.fp32Ms() / outcome.bf16Ms();
        String timing = String.format(Locale.ROOT, "bf16 %.2fx as fast as fp32", speedup);
        if (!outcome.outputsKept()) {
            return new PrecisionDecision(Precision.FP32, "auto: bf16 outputs outside tolerance (" + outcome.comparison() + "); " + timing,
                    outcome.fp32Ms(), outcome.bf16Ms(), seconds);
        }
        if (speedup < MIN_SPEEDUP) {
            return new PrecisionDecision(Precision.FP32, "auto: " + timing + ", under the " + MIN_SPEEDUP + "x needed ("
                    + outcome.comparison() + ")", outcome.fp32Ms(), outcome.bf16Ms(), seconds);
        }
        return new PrecisionDecision(Precision.BF16, "auto: " + timing + ", outputs within tolerance (" + outcome.comparison() + ")",
                outcome.fp32Ms(), outcome.bf16Ms(), seconds);
    }

    /** Forced bf16 on a CPU without it is refused: TensorFlow would emulate it, slower than float32. */
    public void requireNativeBf16() {
        if (!cpu.hasNativeBf16()) {
            throw new InvalidSettingException(Setting.PRECISION, "bf16", "bf16 was asked for, but this CPU (" + cpu.modelName()
                    + ") has neither avx512_bf16 nor amx_bf16, so TensorFlow would only emulate it, slower than fp32; use fp32 or auto");
        }
    }
}
