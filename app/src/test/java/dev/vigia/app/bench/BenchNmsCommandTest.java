package dev.vigia.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchNmsCommandTest {

    private static final Path NMS = Path.of(System.getProperty("vigia.shared.data", "../shared/data"), "nms");

    @Test
    void keepListEqualsTheReferencesAndBothTimingsAreReported() throws Exception {
        assumeTrue(Files.isDirectory(NMS), "shared NMS data missing");
        CliRun run = CliRun.of("bench", "nms", "--boxes", NMS.resolve("boxes/med_1000.txt").toString(), "--runs", "3", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        String expected = Files.readAllLines(NMS.resolve("expected/med_1000.iou0.5.tsv")).stream()
                .filter(l -> l.startsWith("torchvision.nms\t")).findFirst().orElseThrow().split("\t")[1];
        StringBuilder ours = new StringBuilder();
        report.get("keep").forEach(k -> ours.append(ours.length() == 0 ? "" : ",").append(k.asInt()));
        assertEquals(expected, ours.toString());
        assertTrue(report.get("same_keeps_as_opencv").asBoolean());
        assertTrue(report.get("ms").asDouble() > 0 && report.get("opencv_ms").asDouble() > 0);
    }

    @Test
    void softNmsReportsScoresAndBadFilesAreOneLine(@TempDir Path dir) throws Exception {
        CliRun soft = CliRun.of("bench", "nms", "--random", "200", "--method", "soft-gaussian", "--runs", "2", "--json");
        assertEquals(0, soft.exitCode(), soft.err());
        JsonNode report = new ObjectMapper().readTree(soft.out());
        assertEquals(report.get("keep").size(), report.get("scores").size());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "1 2 3 4 0.5\n1 2 3\n");
        CliRun run = CliRun.inChild("bench", "nms", "--boxes", bad.toString());
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("bad.txt line 2"), run.err());
    }
}
