package dev.vigia.app.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.Await;
import dev.vigia.app.CliRun;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigia train-generator} and {@code vigia generate} as a user runs them, each in its own
 * JVM: crops from tracking the sample video, a short training run, images that a seed
 * reproduces, a run that resumes from the checkpoint and stops cleanly at a signal, and the
 * one-line errors; {@code vigia track} never loads the PyTorch engine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GenerateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @Test
    @Order(1)
    void withoutAModelItSaysHowToTrainOne() throws Exception {
        CliRun run = CliRun.inChild("generate", "--prompt", "a person", "--model", dir.resolve("none").toString());
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("train one with: vigia train-generator --from-samples --out " + dir.resolve("none")), run.err());
    }

    @Test
    @Order(2)
    void aShortRunOnTheSamplesGivesAModelWhoseSeedsRepeat() throws Exception {
        Path model = dir.resolve("model");
        CliRun train = patiently("train-generator", "--from-samples", "--frames", "150", "--steps", "20", "--out", model.toString());
        skipWhereTheEngineGaveNaN(train.err());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.err().matches("(?s).*Made \\d+ captioned crops in .*"), train.err());
        JsonNode description = JSON.readTree(model.resolve("model.json").toFile());
        assertEquals(20, description.get("steps").asInt());
        JsonNode figures = description.get("figures");
        assertTrue(figures.at("/prompt_agreement_seen/combinations").asInt() > 0, figures.toString());
        assertTrue(figures.get("chance_agreement").asDouble() > 0 && figures.get("chance_agreement").asDouble() < 0.5, figures.toString());

        String prompt = firstCaption(model);
        CliRun first = CliRun.inChild("generate", "--model", model.toString(), "--prompt", prompt, "--n", "4", "--seed", "3", "--out",
                dir.resolve("first").toString());
        assertEquals(0, first.exitCode(), first.err());
        CliRun again = CliRun.inChild("generate", "--model", model.toString(), "--prompt", prompt, "--n", "4", "--seed", "3", "--out",
                dir.resolve("again").toString());
        assertEquals(0, again.exitCode(), again.err());
        List<Path> images = pngs(dir.resolve("first"));
        assertEquals(5, images.size(), "four images and the grid: " + images);
        for (Path image : images) {
            assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(dir.resolve("again").resolve(image.getFileName())),
                    "the same seed, the same " + image.getFileName());
        }
        Path grid = images.stream().filter(p -> p.toString().endsWith("-grid.png")).findFirst().orElseThrow();
        assertEquals(2 * (32 * 4 + 2) + 2, ImageIO.read(grid.toFile()).getWidth(), "two columns of 32-pixel images, 4 times larger");
        assertEquals(32, ImageIO.read(images.get(0).toFile()).getWidth());

        CliRun unknown = CliRun.inChild("generate", "--model", model.toString(), "--prompt", "a person in a tartan top");
        assertTrue(unknown.isOneLineUserError(), unknown.err());
        assertTrue(unknown.err().contains("never saw the word 'tartan'; it knows: ") && unknown.err().contains(" person "), unknown.err());
    }

    @Test
    @Order(3)
    void aSecondRunResumesFromTheCheckpointAndASignalKeepsIt() throws Exception {
        Path model = dir.resolve("model");
        assumeTrue(Files.isRegularFile(model.resolve("model.json")), "the first training was skipped, so there is no model to go on from");
        Path err = dir.resolve("resume.err");
        Process run = CliRun.childProcess("train-generator", "--from-samples", "--minutes", "10", "--out", model.toString())
                .redirectOutput(dir.resolve("resume.out").toFile()).redirectError(err.toFile()).start();
        Await.until("the second run training on from step 20", java.time.Duration.ofMinutes(3), () -> {
            try {
                String log = Files.readString(err);
                return !run.isAlive() || log.contains("Resuming at step 20") && log.contains("steps");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        skipWhereTheEngineGaveNaN(Files.readString(err));
        assertTrue(run.isAlive(), "still training: " + Files.readString(err));
        Thread.sleep(8000);
        run.destroy();
        assertTrue(run.waitFor(3, TimeUnit.MINUTES), "stopped after SIGTERM");
        String log = Files.readString(err);
        assertEquals(0, run.exitValue(), log);
        assertTrue(log.contains("Training on the crops made earlier"), log);
        long steps = JSON.readTree(model.resolve("model.json").toFile()).get("steps").asLong();
        assertTrue(steps > 20, "went on from step 20 and kept its steps: " + steps);
    }

    @Test
    @Order(4)
    void aRunThatGoesOnForSomeStepsEndsItsBarAtTheCheckpointsStepsPlusThose() throws Exception {
        Path model = dir.resolve("model");
        assumeTrue(Files.isRegularFile(model.resolve("model.json")), "the first training was skipped, so there is no model to go on from");
        long before = JSON.readTree(model.resolve("model.json").toFile()).get("steps").asLong();
        CliRun train = CliRun.inChild("train-generator", "--from-samples", "--steps", "3", "--out", model.toString());
        skipWhereTheEngineGaveNaN(train.err());
        assertEquals(0, train.exitCode(), train.err());
        assertEquals(before + 3, JSON.readTree(model.resolve("model.json").toFile()).get("steps").asLong());
        assertTrue(train.err().contains((before + 3) + "/" + (before + 3) + " steps"), "the bar ends full: " + train.err());
    }

    @Test
    @Order(5)
    void theTracksOfAnOutputFolderAreCaptionedAndTooFewAreRefusedInOneLine() throws Exception {
        Path tracks = dir.resolve("tracks");
        CliRun track = CliRun.inChild("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--max-frames", "80",
                "--out", tracks.toString());
        assertEquals(0, track.exitCode(), track.err());
        Path model = dir.resolve("from-tracks");
        CliRun train = CliRun.inChild("train-generator", "--from-tracks", tracks.toString(), "--steps", "2", "--out", model.toString());
        assertCropsAreTheTracksSnapshots(tracks, model, train);
        // 80 frames hold too few people of each colour and motion to learn from: said in one line, exit 2.
        List<String> lines = train.err().strip().lines().toList();
        assertEquals(2, train.exitCode(), train.err());
        assertTrue(lines.get(lines.size() - 1).matches("vigia: Only \\d+ crops to train on; track more \\(longer videos, more cameras\\)"),
                train.err());
        assertFalse(train.err().contains("Exception") || train.err().contains("\tat "), train.err());
    }

    @Test
    @Order(6)
    void trackingNeverLoadsThePyTorchEngine() throws Exception {
        Path classes = dir.resolve("classes.txt");
        ProcessBuilder builder = CliRun.childProcess("track", "--source", SampleMedia.standard().file("vtest.avi").toString(),
                "--max-frames", "10", "--out", dir.resolve("plain").toString());
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes);
        Process process = builder.redirectOutput(dir.resolve("plain.out").toFile()).redirectError(dir.resolve("plain.err").toFile()).start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("plain.err")));
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("ai.djl.tensorflow.engine.TfEngine "), "the class log works: TensorFlow's engine is in it");
        assertFalse(loaded.contains("ai.djl.pytorch.jni."), "no class of PyTorch's native bridge was loaded");
        assertFalse(loaded.contains("ai.djl.pytorch.engine.PtEngine "), "PyTorch's engine was not started");
    }

    /**
     * A user's path from tracking to drawing: {@code vigia track} on the whole sample video (its
     * 200 first frames hold too few people of each colour and motion), a short training from that
     * output folder, and {@code vigia generate} drawing from the model with the prompt the
     * training suggests. It was disabled while PyTorch's CPU convolution backward pass gave NaN
     * gradients at random on these AMD EPYCs (every retry of step 1 diverged); a half-step with
     * such gradients is now computed again rather than applied.
     */
    @Test
    @Order(7)
    void theTracksOfAnOutputFolderTrainAModelThatGenerateDrawsFrom() throws Exception {
        Path tracks = dir.resolve("whole-sample-tracks");
        CliRun track = CliRun.inChild("track", "--source", SampleMedia.standard().file("vtest.avi").toString(), "--out", tracks.toString());
        assertEquals(0, track.exitCode(), track.err());
        // Not "from-tracks": the too-few test before this one left its crops there, and a run reuses a folder's crops.
        Path model = dir.resolve("whole-sample-model");
        CliRun train = patiently("train-generator", "--from-tracks", tracks.toString(), "--steps", "2", "--out", model.toString());
        skipWhereTheEngineGaveNaN(train.err());
        assertEquals(0, train.exitCode(), train.err());
        assertCropsAreTheTracksSnapshots(tracks, model, train);
        assertEquals(2, JSON.readTree(model.resolve("model.json").toFile()).get("steps").asInt());
        assertTrue(Files.isRegularFile(model.resolve("generator.params")), "the generator's weights are in the model folder");

        java.util.regex.Matcher suggested = java.util.regex.Pattern.compile("--prompt \"([^\"]+)\"").matcher(train.out());
        assertTrue(suggested.find(), "the training suggests a prompt: " + train.out());
        CliRun drawn = CliRun.inChild("generate", "--model", model.toString(), "--prompt", suggested.group(1), "--n", "2",
                "--seed", "1", "--out", dir.resolve("drawn").toString());
        assertEquals(0, drawn.exitCode(), drawn.err());
        List<Path> images = pngs(dir.resolve("drawn"));
        assertEquals(3, images.size(), "two images and the grid: " + images);
        assertEquals(32, ImageIO.read(images.get(0).toFile()).getWidth());
    }

    /**
     * {@link CliRun#inChild} with more patience: a training's fixed start (text encoder, judge)
     * took over five minutes on a 2-core machine that other builds shared. Not a speed check.
     */
    /** The training's crops come from the track output's best snapshots (some left out), and it says how many it made. */
    private static void assertCropsAreTheTracksSnapshots(Path tracks, Path model, CliRun train) throws Exception {
        long crops;
        try (Stream<String> lines = Files.lines(model.resolve("crops/captions.jsonl"))) {
            crops = lines.count();
        }
        long snapshots;
        try (Stream<Path> files = Files.list(tracks.resolve("snapshots/vtest"))) {
            snapshots = files.filter(f -> f.getFileName().toString().matches("track-\\d+\\.jpg")).count();
        }
        assertTrue(crops > 0 && crops <= snapshots, crops + " crops from " + snapshots + " snapshots");
        assertTrue(train.err().contains("Made " + crops + " captioned crops"), train.err());
    }

    private static CliRun patiently(String... args) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process child = CliRun.childProcess(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!child.waitFor(20, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("vigia " + String.join(" ", args) + " did not finish in 20 minutes");
        }
        return new CliRun(child.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String firstCaption(Path model) throws Exception {
        return JSON.readTree(Files.readAllLines(model.resolve("crops/captions.jsonl")).get(0)).get("caption").asText();
    }

    private static List<Path> pngs(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
    }

    /**
     * PyTorch 2.7.1's CPU convolution backward pass gave NaN gradients from finite data, at random, on an
     * AMD EPYC with AVX-512 (2026-12-06): a training that diverged at its very first step however often
     * it was retried says nothing about Vigía there, so the test is skipped with the reason, visibly.
     */
    private static void skipWhereTheEngineGaveNaN(String log) {
        assumeTrue(!log.contains("The GAN diverged at") && !log.contains("stopping at the checkpoint of step 0"),
                "PyTorch's CPU convolution gave NaN gradients on this machine at every retry of a step; the training could not run: "
                        + log.strip().lines().reduce((a, b) -> b).orElse(""));
    }
}
