package dev.vigia.pipeline.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.precision.CpuFeatures;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionChooser;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.precision.PrecisionTrial;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * auto on this CPU with a real NanoDet (a copy in a temporary folder, so no decision lands in the
 * shared model cache) and real trials: the decision is made once, stored with its reason, reused,
 * and made again when the model files or the CPU change.
 */
class DetectorPrecisionTest {

    private static final CpuFeatures HERE = CpuFeatures.thisMachine();

    @TempDir
    Path dir;

    @Test
    void autoDecidesOnceStoresReusesAndDecidesAgainWhenTheModelOrTheCpuChanges() throws IOException {
        assumeTrue(HERE.hasNativeBf16(), "this CPU has no avx512_bf16 or amx_bf16: auto never tries bf16 here"
                + " (PrecisionChooserTest covers that case)");
        InstalledModel model = ModelCopies.storeWith(dir, "nanodet").ensure("nanodet");
        DetectorOptions options = DetectorOptions.defaults();
        int[] trials = {0};
        PrecisionTrial counted = () -> {
            trials[0]++;
            return DetectorPrecision.trial(model, options).run();
        };

        PrecisionDecision first = new PrecisionChooser(HERE).decide(Precision.AUTO, model.folder(), model.savedModel(), counted);
        assertEquals(1, trials[0]);
        assertTrue(first.measured() && first.fp32Ms() > 0 && first.bf16Ms() > 0, first.toString());
        Path stored = model.folder().resolve("precision").resolve(HERE.key() + ".properties");
        Properties file = read(stored);
        assertEquals(first.precision().toString(), file.getProperty("precision"));
        assertEquals(first.reason(), file.getProperty("reason"));
        assertEquals(String.join(" ", HERE.flags()), file.getProperty("cpu_flags"));

        PrecisionDecision again = new PrecisionChooser(HERE).decide(Precision.AUTO, model.folder(), model.savedModel(), counted);
        assertEquals(1, trials[0], "the stored decision is reused");
        assertEquals(first, again);

        CpuFeatures otherCpu = new CpuFeatures(HERE.modelName() + " (another model)", HERE.flags());
        new PrecisionChooser(otherCpu).decide(Precision.AUTO, model.folder(), model.savedModel(), counted);
        assertEquals(2, trials[0], "another CPU measures for itself");
        assertTrue(Files.isRegularFile(model.folder().resolve("precision").resolve(otherCpu.key() + ".properties")));

        String checksumBefore = file.getProperty("model_checksum");
        Files.writeString(model.savedModel().resolve("assets-note.txt"), "re-imported");
        new PrecisionChooser(HERE).decide(Precision.AUTO, model.folder(), model.savedModel(), counted);
        assertEquals(3, trials[0], "changed model files are measured again");
        assertNotEquals(checksumBefore, read(stored).getProperty("model_checksum"));
    }

    /** fp32 asked for: no trial, nothing stored (so the shared cache serves), and the model comes with the decision it was loaded at. */
    @Test
    void loadGivesTheModelWithTheDecisionItRunsAt() {
        try (DetectorPrecision.Loaded loaded = DetectorPrecision.load(ModelStore.standard(), "nanodet", DetectorOptions.defaults())) {
            assertEquals("nanodet", loaded.model().id());
            assertEquals(80, loaded.model().labels().size());
            assertEquals(Precision.FP32, loaded.decision().precision());
            assertEquals("fp32 (asked for)", loaded.decision().toString());
        }
    }

    private static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }
}
