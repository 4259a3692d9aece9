package dev.vigia.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigia tune tracker} as a user runs it, on TUD-Campus's public detections, then the YAML it wrote in {@code track}. */
class TuneCommandTest {

    private static final Path TUD = Path.of(System.getProperty("vigia.shared.data", "../shared/data"), "mot", "TUD-Campus");

    @Test
    void writesATrackerYamlThatTrackLoadsAndThatScoresTheBestTrial(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(TUD), "shared MOT data missing");
        Path yaml = dir.resolve("tuned.yaml");
        CliRun tune = CliRun.of("tune", "tracker", "--gt", TUD.resolve("gt.txt").toString(), "--detections",
                TUD.resolve("det.txt").toString(), "--tracker", "ocsort", "--metric", "IDF1", "--trials", "3", "--out", yaml.toString());
        assertEquals(0, tune.exitCode(), tune.err());
        List<String> lines = tune.out().lines().toList();
        assertEquals(3, lines.stream().filter(l -> l.startsWith("trial ")).count(), tune.out());
        Matcher best = Pattern.compile("best +trial (\\d): IDF1 (0\\.\\d{4})").matcher(tune.out());
        assertTrue(best.find(), tune.out());

        Path pred = dir.resolve("pred.txt");
        CliRun track = CliRun.of("track", "--detections", TUD.resolve("det.txt").toString(), "--tracker", yaml.toString(),
                "--out", pred.toString());
        assertEquals(0, track.exitCode(), track.err());
        CliRun eval = CliRun.of("eval", "mot", "--gt", TUD.resolve("gt.txt").toString(), "--pred", pred.toString(), "--json");
        double idf1 = new ObjectMapper().readTree(eval.out()).at("/COMBINED/IDF1").asDouble();
        assertEquals(Double.parseDouble(best.group(2)), idf1, 0.00005, tune.out());

        CliRun again = CliRun.of("tune", "tracker", "--gt", TUD.resolve("gt.txt").toString(), "--detections",
                TUD.resolve("det.txt").toString(), "--trials", "1", "--out", yaml.toString());
        assertEquals(2, again.exitCode(), again.err());
        assertTrue(again.err().contains("--overwrite"), again.err());
    }

    @Test
    void badSettingsAreOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(TUD), "shared MOT data missing");
        CliRun metric = CliRun.inChild("tune", "tracker", "--gt", TUD.resolve("gt.txt").toString(), "--detections",
                TUD.resolve("det.txt").toString(), "--metric", "MOTA", "--out", dir.resolve("t.yaml").toString());
        assertTrue(metric.isOneLineUserError(), metric.err());
        assertTrue(metric.err().contains("HOTA or IDF1"), metric.err());
        CliRun trials = CliRun.of("tune", "tracker", "--gt", TUD.resolve("gt.txt").toString(), "--detections",
                TUD.resolve("det.txt").toString(), "--trials", "0", "--out", dir.resolve("t.yaml").toString());
        assertEquals(2, trials.exitCode(), trials.err());
        assertTrue(trials.err().contains("--trials must be 1 to"), trials.err());
        CliRun both = CliRun.of("tune", "tracker", "--gt", TUD.resolve("gt.txt").toString(), "--out", dir.resolve("t.yaml").toString());
        assertEquals(2, both.exitCode(), "neither --detections nor --source: " + both.err());
    }
}
