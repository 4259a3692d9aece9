package dev.vigia.pipeline.scenes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.pipeline.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny benchmark, twice: the same seed gives the same bytes. */
class SceneBenchmarkTest {

    private static ActorHarvest.Harvest harvest;
    private static Path first;
    private static Path again;
    private static Path otherSeed;

    @BeforeAll
    static void makeThreeTimes(@TempDir Path dir) throws Exception {
        List<Mat> frames = TestVideos.frames("vtest.avi", 0, 40);
        List<Mat> spread = List.of(frames.get(0), frames.get(10), frames.get(20), frames.get(30), frames.get(40));
        Mat plate = BackgroundPlate.median(spread);
        Perspective perspective = new Perspective(0.23, 19, 180, 540);
        harvest = new ActorHarvest.Harvest(List.of(TestActors.walker()), plate, perspective, 10, "vtest.avi", 41, 0);
        first = make(dir.resolve("a"), 5);
        again = make(dir.resolve("b"), 5);
        otherSeed = make(dir.resolve("c"), 6);
    }

    /** The "occluded" sequence (crossings aimed behind the lamp post, re-entries), 3 seconds of it. */
    private static Path make(Path out, long seed) throws Exception {
        int[] post = {427, 244, 11, 149};
        ScriptWriter writer = new ScriptWriter(harvest.actors(), harvest.perspective(), 768, 576, 10, post);
        SceneScript script = writer.write(seed, 3, ScriptWriter.LADDER.get(3), 30);
        return new SceneBenchmark(harvest, post).writeSequence(out, script, seed).folder();
    }

    @Test
    void theSameSeedGivesTheSameBytes() throws Exception {
        byte[] gt = Files.readAllBytes(first.resolve("gt/gt.txt"));
        assertTrue(gt.length > 0, "someone is in the picture");
        assertArrayEquals(gt, Files.readAllBytes(again.resolve("gt/gt.txt")));
        assertArrayEquals(Files.readAllBytes(first.resolve("video.mp4")), Files.readAllBytes(again.resolve("video.mp4")));
        assertArrayEquals(Files.readAllBytes(first.resolve("counts.json")), Files.readAllBytes(again.resolve("counts.json")));
        assertFalse(java.util.Arrays.equals(gt, Files.readAllBytes(otherSeed.resolve("gt/gt.txt"))), "another seed, another script");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(first.resolve("video.mp4")),
                Files.readAllBytes(otherSeed.resolve("video.mp4"))));
    }

    @Test
    void theFilesAreWhatMotToolsRead() throws Exception {
        List<String> seqinfo = Files.readAllLines(first.resolve("seqinfo.ini"));
        assertEquals("[Sequence]", seqinfo.get(0));
        assertTrue(seqinfo.contains("frameRate=10"));
        assertTrue(seqinfo.contains("seqLength=30"));
        assertTrue(seqinfo.contains("imWidth=768"));
        assertTrue(seqinfo.contains("imHeight=576"));
        for (String line : Files.readAllLines(first.resolve("gt/gt.txt"))) {
            String[] f = line.split(",");
            assertEquals(9, f.length, line);
            int frame = Integer.parseInt(f[0]);
            assertTrue(frame >= 1 && frame <= 30, line);
            assertEquals("1", f[6], line);
            assertEquals("1", f[7], line);
            double visibility = Double.parseDouble(f[8]);
            assertTrue(visibility >= 0 && visibility <= 1, line);
        }
        JsonNode counts = new ObjectMapper().readTree(first.resolve("counts.json").toFile());
        assertTrue(counts.at("/lines/walkway/option").asText().matches("walkway=\\d+,\\d+,\\d+,\\d+"));
        assertTrue(counts.at("/zones/corner/option").asText().startsWith("corner="));
        assertEquals(counts.at("/lines/walkway/crossings").size(),
                counts.at("/lines/walkway/in").asInt() + counts.at("/lines/walkway/out").asInt());
    }
}
