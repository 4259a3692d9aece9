package dev.vigia.pipeline.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.pipeline.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny set of quiet cameras (short stretches, 6 s) with the real walker of vtest.avi. */
class QuietCameraSetTest {

    @Test
    void eachCameraHasItsVideoGroundTruthCountsAndFirstAppearances(@TempDir Path dir) throws Exception {
        List<Mat> frames = TestVideos.frames("vtest.avi", 0, 40);
        Mat plate = BackgroundPlate.median(List.of(frames.get(0), frames.get(10), frames.get(20), frames.get(30), frames.get(40)));
        ActorHarvest.Harvest harvest = new ActorHarvest.Harvest(List.of(TestActors.walker()), plate,
                new Perspective(0.23, 19, 180, 540), 10, "vtest.avi", 41, 0);
        List<QuietCameraSet.Camera> cameras = new QuietCameraSet(harvest, null, new QuietScriptWriter.Gaps(1, 2), 3)
                .make(dir, 2, 2, 60);

        assertEquals(2, cameras.size());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("quiet.json").toFile());
        assertEquals(3.0, summary.get("source_noise_sigma").asDouble());
        assertEquals("cam02", summary.at("/cameras/1/name").asText());
        assertTrue(Files.size(dir.resolve("plate.png")) > 0);
        for (QuietCameraSet.Camera camera : cameras) {
            Path folder = dir.resolve(camera.name());
            assertEquals(60, TestVideos.probe(folder.resolve("video.mp4")).frames());
            // Stays read from gt.txt here: per id, runs of consecutive frames; seen at the first row with visibility >= 0.5.
            TreeMap<Integer, List<int[]>> byId = new TreeMap<>();
            for (String line : Files.readAllLines(folder.resolve("gt/gt.txt"))) {
                String[] f = line.split(",");
                byId.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>())
                        .add(new int[] {Integer.parseInt(f[0]), Double.parseDouble(f[8]) >= 0.5 ? 1 : 0});
            }
            List<String> stays = new ArrayList<>();
            byId.forEach((id, rows) -> {
                int first = -1;
                int seen = 0;
                for (int i = 0; i < rows.size(); i++) {
                    int frame = rows.get(i)[0];
                    if (first < 0) {
                        first = frame;
                        seen = 0;
                    }
                    if (seen == 0 && rows.get(i)[1] == 1) {
                        seen = frame;
                    }
                    if (i == rows.size() - 1 || rows.get(i + 1)[0] != frame + 1) {
                        stays.add(first + ":" + id + ":" + seen + ":" + frame);
                        first = -1;
                    }
                }
            });
            stays.sort((a, b) -> Integer.compare(Integer.parseInt(a.split(":")[0]), Integer.parseInt(b.split(":")[0])));
            assertTrue(stays.size() >= 1, camera.name() + ": after a stretch of 1-2 s someone walks in: " + stays);
            List<String> written = new ArrayList<>();
            for (JsonNode a : new ObjectMapper().readTree(folder.resolve("appearances.json").toFile())) {
                written.add(a.get("first_frame").asInt() + ":" + a.get("id").asInt() + ":" + a.get("seen_frame").asInt(0) + ":"
                        + a.get("last_frame").asInt());
                assertEquals((a.get("first_frame").asInt() - 1) / 10.0, a.get("first_time").asDouble(), 1e-9);
            }
            assertEquals(stays, written);
            assertEquals(stays.size(), camera.appearances());
            JsonNode counts = new ObjectMapper().readTree(folder.resolve("counts.json").toFile());
            assertEquals(counts.at("/lines/walkway/crossings").size(), camera.crossings());
        }
    }
}
