package dev.vigia.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.detect.Detector;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.track.Trackers;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerComparisonTest {

    @Test
    void reidSwitchedOffTracksExactlyAsBeforeAndEveryTrackerSeesTheSameFrames(@TempDir Path dir) throws Exception {
        Detector detector = TestVideos.nanodet().get(0);
        List<TrackerComparison.Result> results = TrackerComparison.run(SampleMedia.standard().file("vtest.avi"), "vtest", detector,
                List.of(new TrackerComparison.Entry("plain", Trackers.create("botsort", Map.of())),
                        new TrackerComparison.Entry("off", Trackers.create("botsort", Map.of("reid", "false"))),
                        new TrackerComparison.Entry("on", Trackers.create("botsort", Map.of("reid", "true")))),
                dir, 12);
        detector.close();
        assertEquals(3, results.size());
        for (TrackerComparison.Result result : results) {
            assertEquals(12, result.frames(), result.label());
            assertEquals(dir.resolve(result.label()).resolve("vtest.txt"), result.file());
        }
        List<String> plain = Files.readAllLines(results.get(0).file());
        assertTrue(plain.size() > 30, "vtest's walkers are tracked: " + plain.size() + " lines");
        assertEquals(plain, Files.readAllLines(results.get(1).file()), "reid=false is the tracker without ReID");
        List<String> on = Files.readAllLines(results.get(2).file());
        assertEquals("12", on.get(on.size() - 1).split(",")[0], "the ReID tracker reached the last frame");
    }
}
