package dev.vigia.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import dev.vigia.models.precision.CpuFeatures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --precision} on the command line: forced values only, so no decision is written into the shared model cache. */
class PrecisionFlagTest {

    @Test
    void anUnknownPrecisionIsOneLineAndExitTwo() {
        CliRun run = CliRun.of("detect", "--precision", "fp16");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("vigia: precision 'fp16' is not auto, fp32 or bf16; set --precision auto, fp32 or bf16", run.err().strip());
    }

    /** On a CPU with native bf16: a row per precision. Without: forced bf16 is one line naming the flags it lacks. */
    @Test
    void benchCompareGivesARowPerPrecisionOrRefusesBf16WithoutIt(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("bench", "compare", "--detectors", "tiny_face_detector", "--dataset", "faces", "--runs", "1",
                "--precision", "fp32,bf16", "--out", out.toString());
        if (!CpuFeatures.thisMachine().hasNativeBf16()) {
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains("neither avx512_bf16 nor amx_bf16"), run.err());
            assertFalse(run.err().strip().contains("\n"), "one line: " + run.err());
            return;
        }
        assertEquals(0, run.exitCode(), run.err());
        JsonNode rows = new ObjectMapper().readTree(out.resolve("compare.json").toFile()).get("rows");
        assertEquals(2, rows.size());
        assertEquals("tiny_face_detector@fp32", rows.get(0).get("detector").asText());
        assertEquals("tiny_face_detector@bf16", rows.get(1).get("detector").asText());
        assertTrue(run.out().contains("| tiny_face_detector@bf16 |"), run.out());
    }
}
