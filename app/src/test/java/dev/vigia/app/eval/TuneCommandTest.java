package dev.vigia.app.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import dev.vigia.pipeline.sink.Mp4Writer;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
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
        CliRun metric = CliRun.of("tune", "tracker", "--gt", TUD.resolve("gt.txt").toString(), "--detections",
                TUD.resolve("det.txt").toString(), "--metric", "MOTA", "--out", dir.resolve("t.yaml").toString());
        assertEquals(2, metric.exitCode(), metric.err());
        assertEquals(1, metric.err().strip().lines().count(), metric.err());
        assertTrue(metric.err().contains("HOTA or IDF1"), metric.err());
        CliRun trials = CliRun.of("tune", "tracker", "--gt", TUD.resolve("gt.txt").toString(), "--detections",
                TUD.resolve("det.txt").toString(), "--trials", "0", "--out", dir.resolve("t.yaml").toString());
        assertEquals(2, trials.exitCode(), trials.err());
        assertTrue(trials.err().contains("--trials must be 1 to"), trials.err());
        CliRun both = CliRun.of("tune", "tracker", "--gt", TUD.resolve("gt.txt").toString(), "--out", dir.resolve("t.yaml").toString());
        assertEquals(2, both.exitCode(), "neither --detections nor --source: " + both.err());
    }

    /**
     * {@code --source}: three frames of vtest.avi at 10 fps, detected once into a cache beside
     * --out (people only, every frame), reused by the next run. The ground truth is one box: this
     * test is about the detections, not the score.
     */
    @Test
    void aVideoIsDetectedOnceAndItsDetectionsReused(@TempDir Path dir) throws Exception {
        Path clip = dir.resolve("clip.mp4");
        try (Source vtest = FfmpegSource.openFile(SampleMedia.standard().file("vtest.avi").toString()); Mat frame = new Mat();
                Mp4Writer writer = new Mp4Writer(clip, 768, 576, 10)) {
            for (int i = 0; i < 3 && vtest.read(frame) == Source.Status.FRAME; i++) {
                writer.write(frame);
            }
        }
        Path gt = Files.writeString(dir.resolve("gt.txt"), "1,1,100,100,40,100,1,-1,-1,-1\n");
        Path out = dir.resolve("tuned").resolve("t.yaml");
        CliRun first = CliRun.of("tune", "tracker", "--gt", gt.toString(), "--source", clip.toString(), "--trials", "1",
                "--out", out.toString());
        assertEquals(0, first.exitCode(), first.err());
        List<Path> caches;
        try (Stream<Path> files = Files.list(out.getParent())) {
            caches = files.filter(f -> f.getFileName().toString().matches("clip\\.nanodet\\.[0-9a-f]{8}\\.det\\.txt")).toList();
        }
        assertEquals(1, caches.size(), "one cache beside --out");
        List<String> rows = Files.readAllLines(caches.get(0));
        for (int frame = 1; frame <= 3; frame++) {
            String prefix = frame + ",-1,";
            assertTrue(rows.stream().anyMatch(r -> r.startsWith(prefix)), "vtest has people in frame " + frame);
        }
        assertTrue(rows.stream().allMatch(r -> r.split(",")[7].equals("0")), "class 0, person, only");
        long written = Files.getLastModifiedTime(caches.get(0)).toMillis();

        CliRun second = CliRun.of("tune", "tracker", "--gt", gt.toString(), "--source", clip.toString(), "--trials", "1",
                "--out", out.toString(), "--overwrite");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(written, Files.getLastModifiedTime(caches.get(0)).toMillis(), "reused, not written again");
        assertEquals(first.out().lines().findFirst(), second.out().lines().findFirst());
    }
}
