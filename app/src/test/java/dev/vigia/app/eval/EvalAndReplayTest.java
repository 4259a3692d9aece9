package dev.vigia.app.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalAndReplayTest {

    private static final Path TUD = Path.of(System.getProperty("vigia.shared.data", "../shared/data"), "mot", "TUD-Campus");

    @Test
    void trackADetectionFileThenEvaluateItAsJson(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(TUD), "shared MOT data missing");
        Path pred = dir.resolve("pred.txt");
        CliRun track = CliRun.of("track", "--detections", TUD.resolve("det.txt").toString(), "--tracker", "sort",
                "--tracker-param", "min_hits=3", "--out", pred.toString());
        assertEquals(0, track.exitCode(), track.err());
        assertTrue(Files.readAllLines(pred).size() > 200);

        CliRun eval = CliRun.of("eval", "mot", "--gt", TUD.resolve("gt.txt").toString(), "--pred", pred.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode report = new ObjectMapper().readTree(eval.out());
        JsonNode sequence = report.get("sequences").get("pred.txt");
        assertEquals(sequence.get("MOTA").asDouble(), report.get("COMBINED").get("MOTA").asDouble(), 1e-12);
        assertTrue(sequence.get("MOTA").asDouble() > 0.6, sequence.toString());
        assertTrue(sequence.get("IDSW").isIntegralNumber());
        for (String metric : new String[] {"HOTA", "DetA", "AssA", "LocA", "MOTP", "IDF1", "Frag", "MT", "CLR_FP"}) {
            assertTrue(sequence.has(metric), metric);
        }

        CliRun table = CliRun.of("eval", "mot", "--gt", TUD.resolve("gt.txt").toString(), "--pred", pred.toString());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("HOTA")), table.out());
        // Re-entries: counts in the JSON, kept/counted in the table and its last line.
        assertTrue(sequence.get("Reentries").isIntegralNumber() && sequence.get("Reentries5sKept").isIntegralNumber(), sequence.toString());
        assertTrue(sequence.get("ReentriesKept").asLong() <= sequence.get("Reentries").asLong(), sequence.toString());
        String last = table.out().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("re-entries given their old id " + sequence.get("ReentriesKept") + "/" + sequence.get("Reentries")
                + " (out of sight >= 2 s), " + sequence.get("Reentries5sKept") + "/" + sequence.get("Reentries5s") + " (>= 5 s)", last);
    }

    @Test
    void unknownTrackerParameterAndMalformedFilesAreOneLine(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(TUD), "shared MOT data missing");
        CliRun badParam = CliRun.inChild("track", "--detections", TUD.resolve("det.txt").toString(), "--tracker", "bytetrack",
                "--tracker-param", "track_tresh=0.5", "--out", dir.resolve("p.txt").toString());
        assertTrue(badParam.isOneLineUserError(), badParam.err());
        assertTrue(badParam.err().contains("track_thresh"), badParam.err());
        Path broken = Files.writeString(dir.resolve("broken.txt"), "1,1,1,1,1,1,1\n2,1,a,1,1,1,1\n");
        CliRun eval = CliRun.inChild("eval", "mot", "--gt", TUD.resolve("gt.txt").toString(), "--pred", broken.toString());
        assertTrue(eval.isOneLineUserError(), eval.err());
        assertTrue(eval.err().contains("broken.txt line 2"), eval.err());
    }

    @Test
    void reidOnADetectionFileIsAOneLineErrorNamingTheWayOut(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(TUD), "shared MOT data missing");
        CliRun run = CliRun.inChild("track", "--detections", TUD.resolve("det.txt").toString(), "--tracker", "botsort",
                "--tracker-param", "reid=true", "--out", dir.resolve("p.txt").toString());
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("reid=false") && run.err().contains("--source"), run.err());
    }

    @Test
    void botSortWithReidRunsInThePipelineOnVideo(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--tracker", "botsort",
                "--tracker-param", "reid=true", "--max-frames", "25", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readAllLines(out.resolve("vtest.mot.txt")).size() > 30, "people tracked with appearance on");
    }

    @Test
    void botSortRunsInThePipelineOnVideo(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--tracker", "botsort",
                "--max-frames", "25", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(25, Files.readAllLines(out.resolve("vtest.jsonl")).size());
        assertTrue(Files.readAllLines(out.resolve("vtest.mot.txt")).size() > 30, "people tracked with camera motion compensation on");
    }
}
