package dev.vigia.models.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigia.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What auto, fp32 and bf16 become on a CPU without native bf16. No such CPU exists here, so it
 * is this machine's own description with its bf16 flags taken out.
 */
class PrecisionChooserTest {

    private static final CpuFeatures HERE = CpuFeatures.thisMachine();
    private static final CpuFeatures WITHOUT_BF16 = withoutBf16(HERE);

    @TempDir
    Path model;

    private static CpuFeatures withoutBf16(CpuFeatures cpu) {
        TreeSet<String> flags = new TreeSet<>(cpu.flags());
        flags.removeAll(CpuFeatures.NATIVE_BF16);
        return new CpuFeatures(cpu.modelName(), flags);
    }

    private static final PrecisionTrial MUST_NOT_RUN = () -> fail("a CPU without native bf16 must never try it");

    @Test
    void forcedBf16OnACpuWithoutItIsAnInvalidSettingInOneLine() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> new PrecisionChooser(WITHOUT_BF16).decide(Precision.BF16, model, model, MUST_NOT_RUN));
        assertEquals("precision", e.setting());
        assertTrue(e.getMessage().contains("avx512_bf16") && e.getMessage().contains("fp32 or auto"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void autoWithoutNativeBf16IsFp32WithoutATrialAndStoresNothing() throws Exception {
        PrecisionDecision decision = new PrecisionChooser(WITHOUT_BF16).decide(Precision.AUTO, model, model, MUST_NOT_RUN);
        assertEquals(Precision.FP32, decision.precision());
        assertTrue(decision.reason().contains("no native bf16"), decision.reason());
        assertFalse(Files.exists(model.resolve("precision")));
    }

    @Test
    void fp32IsAlwaysAsAskedWithoutATrial() {
        PrecisionTrial trial = () -> fail("fp32 asked for needs no trial");
        assertEquals(Precision.FP32, new PrecisionChooser(HERE).decide(Precision.FP32, model, model, trial).precision());
        assertEquals(Precision.FP32, new PrecisionChooser(WITHOUT_BF16).decide(Precision.FP32, model, model, trial).precision());
    }

    @Test
    void eitherBf16FlagCountsAsNativeAndTheKeyFollowsTheFlags() {
        assertTrue(CpuFeatures.of("Intel Xeon", "fpu avx512f amx_bf16 amx_tile").hasNativeBf16());
        assertTrue(CpuFeatures.of("AMD EPYC", "fpu avx512f avx512_bf16").hasNativeBf16());
        assertFalse(CpuFeatures.of("AMD EPYC", "fpu avx512f avx2").hasNativeBf16());
        assertNotEquals(CpuFeatures.of("AMD EPYC", "fpu avx512_bf16").key(), CpuFeatures.of("AMD EPYC", "fpu").key());
        assertNotEquals(CpuFeatures.of("AMD EPYC", "fpu").key(), CpuFeatures.of("Intel Xeon", "fpu").key());
    }

    @Test
    void parsesTheWordsAndRefusesOthers() {
        assertEquals(Precision.BF16, Precision.parse(" BF16 "));
        assertEquals(Precision.AUTO, Precision.parse("auto"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Precision.parse("fp16"));
        assertEquals("precision 'fp16' is not auto, fp32 or bf16", e.getMessage());
    }
}
