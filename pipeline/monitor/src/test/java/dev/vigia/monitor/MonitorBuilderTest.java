package dev.vigia.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.monitor.config.MonitorConfig;
import dev.vigia.monitor.events.EventSubscriber;
import dev.vigia.monitor.events.ObjectEvent;
import dev.vigia.pipeline.Vigia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java program embeds the monitor through {@link Monitor#builder()}, without the command line:
 * no dashboard, one file camera (the first 120 frames of vtest.avi, 768 × 576 at 10 fps), two
 * lines, and a subscriber that takes the line crossings.
 *
 * <p>The crossings were counted by hand on every tenth frame of 0–120, drawn with a 50-pixel grid,
 * following each person's feet (the lines' anchor, the box's bottom centre). Both lines are
 * horizontal and drawn right to left, so (B − A) × (P − A) = −dx (Py − y): below the line is
 * negative, above positive, and walking up the image (away from the camera) is "in".
 * <ul>
 * <li>"road", y = 345 from x = 768 to 450: a couple walking up from the bottom right (feet at
 * y 370, 350, 325, 295 in frames 20–50, at x 585–740) and a man after them (y 365, 335, 305 in
 * frames 50–70, at x 600–690): 3 in, 0 out. The man walking left at the start keeps his feet near
 * y 320, above it.
 * <li>"walk", y = 250 from x = 700 to 570: only that man, going on up (y 255 at x 582 in frame 90,
 * 230 at x 605 in frame 100): 1 in, 0 out. The couple turns at x 460–530, left of its end.
 * </ul>
 */
class MonitorBuilderTest {

    @TempDir
    Path dir;

    @Test
    void aProgramEmbedsTheMonitorWithoutTheCliAndReceivesItsLineCrossings() throws Exception {
        MonitorConfig.Camera plaza = new MonitorConfig.Camera("plaza", "sample:vtest.avi", "file", 10.0, null,
                new MonitorConfig.Filters(List.of("person"), 0.35, null, null, null, null), null, null, null,
                List.of(line("road", 768, 345, 450, 345), line("walk", 700, 250, 570, 250)), "2024-05-01T08:00:00Z", null);
        MonitorConfig config = MonitorConfig.empty().withCameras(List.of(plaza));
        List<ObjectEvent> crossings = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        EventSubscriber lineCrossings = event -> {
            if ("line_crossed".equals(event.reason())) {
                crossings.add(event);
            }
        };
        try (DetectorModel model = Detectors.load(ModelStore.standard(), "nanodet", new DetectorOptions(0.1f, DeviceChoice.CPU))) {
            Monitor monitor = Monitor.builder()
                    .config(config, dir.resolve("cameras.yaml"))
                    .detector(model)
                    .engine(Vigia.engine().tracker("bytetrack").maxFrames(120))
                    .subscriber(lineCrossings)
                    .problems(problem -> problems.add(problem.getMessage()))
                    .start();
            assertEquals(-1, monitor.port(), "no dashboard unless asked for");
            monitor.awaitTermination();
        }

        assertEquals(List.of(), problems);
        Map<String, Integer> counts = new TreeMap<>();
        for (ObjectEvent crossing : crossings) {
            assertEquals("plaza", crossing.camera());
            assertEquals("person", crossing.label());
            counts.merge(crossing.line() + " " + crossing.direction(), 1, Integer::sum);
        }
        assertEquals(Map.of("road in", 3, "walk in", 1), counts, crossings.toString());
        assertEquals(3, crossings.stream().filter(c -> c.line().equals("road")).map(ObjectEvent::trackId).distinct().count(),
                "three people, each crossing once");
        // The same crossings went to the event log beside the origin, as vigia monitor writes it.
        Path log = dir.resolve("monitor-events").resolve("events.jsonl");
        assertEquals(crossings.size(), Files.readAllLines(log).stream().filter(l -> l.contains("\"line_crossed\"")).count());
    }

    @Test
    void aMonitorWithoutADetectorOrCamerasIsRefusedBeforeAnythingStarts() {
        IllegalStateException noDetector = assertThrows(IllegalStateException.class,
                () -> Monitor.builder().config(dir.resolve("cameras.yaml")).start());
        assertTrue(noDetector.getMessage().contains("detector(model)"), noDetector.getMessage());
        assertFalse(Files.exists(dir.resolve("monitor-events")), "nothing was written");
    }

    private static MonitorConfig.Line line(String name, double x1, double y1, double x2, double y2) {
        return new MonitorConfig.Line(name, List.of(List.of(x1, y1), List.of(x2, y2)), null, null, null);
    }
}
