package dev.vigia.app.track;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.RtspTestServer;
import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.source.SourceNames;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several sources in one {@code vigia track} run: one ring, one shared detector, everything else per source. */
class MultiSourceTrackTest {

    private static final int FOLDER_IMAGES = 24;

    /** The first frames of tree.avi as numbered PNGs: an image folder source. */
    private static Path imageFolder(Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("tree-frames"));
        try (Source tree = FfmpegSource.openFile(SampleMedia.standard().file("tree.avi").toString()); Mat frame = new Mat()) {
            for (int i = 0; i < FOLDER_IMAGES; i++) {
                assertEquals(Source.Status.FRAME, tree.read(frame));
                assertTrue(imwrite(folder.resolve(String.format("%03d.png", i)).toString(), frame));
            }
        }
        return folder;
    }

    @Test
    void twoCopiesOfVtestAndAnImageFolderEachGetCompleteOutputsTheirOwnIdsAndStats(@TempDir Path dir) throws Exception {
        Path vtest = SampleMedia.standard().file("vtest.avi");
        Path folder = imageFolder(dir);
        Path out = dir.resolve("out");
        Path stats = dir.resolve("stats.json");
        CliRun run = CliRun.of("track", "--source", vtest.toString(), "--source", vtest.toString(), "--source", folder.toString(),
                "--detect-every", "3", "--batch", "3", "--out", out.toString(), "--stats-json", stats.toString());
        assertEquals(0, run.exitCode(), run.err());

        for (String name : List.of("vtest", "vtest-2")) {
            assertEquals(795, TestVideos.probe(out.resolve(name + ".mp4")).frames(), name + ".mp4");
            assertEquals(795, Files.readAllLines(out.resolve(name + ".jsonl")).size(), name + ".jsonl");
        }
        assertEquals(FOLDER_IMAGES, TestVideos.probe(out.resolve("tree-frames.mp4")).frames());
        assertEquals(FOLDER_IMAGES, Files.readAllLines(out.resolve("tree-frames.jsonl")).size());
        // Ids are each source's own: the same video tracked twice gives the same ids, from 1, frame for frame.
        List<String> first = Files.readAllLines(out.resolve("vtest.mot.txt"));
        assertTrue(first.size() > 500, "people are tracked in vtest: " + first.size() + " MOT lines");
        assertEquals(first, Files.readAllLines(out.resolve("vtest-2.mot.txt")));
        assertEquals("1", first.stream().map(l -> l.split(",")[1]).min(java.util.Comparator.comparingInt(Integer::parseInt)).orElseThrow());

        JsonNode json = new ObjectMapper().readTree(stats.toFile());
        assertEquals(795 + 795 + FOLDER_IMAGES, json.get("frames_out").asLong(), "totals are the sum of the sources");
        assertEquals(795, json.at("/sources/vtest/frames_out").asLong());
        assertEquals(795, json.at("/sources/vtest-2/frames_out").asLong());
        assertEquals(FOLDER_IMAGES, json.at("/sources/tree-frames/frames_out").asLong());
        assertTrue(json.at("/sources/vtest/stages").has("detect") && json.at("/sources/vtest/latency_ms").has("p95"));
        assertTrue(json.at("/batch/max").asLong() >= 2, "frames of different sources shared a detection call: " + json.get("batch"));
    }

    @Test
    void anRtspCameraKilledMidRunReconnectsWhileTheFileBesideItIsTrackedToTheEnd(@TempDir Path dir) throws Exception {
        assumeTrue(RtspTestServer.available(), "Debian's python3-gi and gir1.2-gst-rtsp-server-1.0 are not installed; .ci/run installs them");
        Path vtest = SampleMedia.standard().file("vtest.avi");
        Path out = dir.resolve("out");
        Path stats = dir.resolve("stats.json");
        String url;
        try (RtspTestServer server = new RtspTestServer(vtest, dir)) {
            url = server.url();
            server.start();
            CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.of("track",
                    "--source", server.url(), "--source", vtest.toString(), "--max-frames", "200", "--detect-every", "2",
                    "--connect-timeout", "2s", "--out", out.toString(), "--stats-json", stats.toString()));
            String camera = SourceNames.fileBase(server.url());
            Path cameraLines = out.resolve(camera + ".jsonl");
            await(Duration.ofSeconds(60), () -> lines(cameraLines) > 10);
            server.kill();
            Thread.sleep(3000);
            long beforeRestart = lines(cameraLines);
            server.start();
            CliRun run = running.get(5, TimeUnit.MINUTES);
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(lines(cameraLines) > beforeRestart, "the camera's frames flow again after the restart");
        }
        assertEquals(200, TestVideos.probe(out.resolve("vtest.mp4")).frames(), "the file is complete");
        assertEquals(200, Files.readAllLines(out.resolve("vtest.jsonl")).size());
        JsonNode json = new ObjectMapper().readTree(stats.toFile());
        JsonNode cameraStats = json.get("sources").get(SourceNames.fileBase(url));
        assertTrue(cameraStats.get("reconnects").asLong() >= 1, "the camera reconnected: " + cameraStats);
        assertEquals(0, json.at("/sources/vtest/reconnects").asLong());
        assertEquals(200, json.at("/sources/vtest/frames_out").asLong());
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void await(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
