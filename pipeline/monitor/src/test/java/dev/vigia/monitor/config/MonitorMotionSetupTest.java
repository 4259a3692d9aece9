package dev.vigia.monitor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.motion.BudgetConfig;
import dev.vigia.pipeline.motion.MotionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cameras.yaml's {@code motion:} sections: global, per camera, off, and a bad value named with file, camera and key. */
class MonitorMotionSetupTest {

    @Test
    void aCameraTakesItsOwnMotionSectionElseTheGlobalOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cameras.yaml");
        Files.writeString(file, """
                motion: {threshold: 40}
                cameras:
                  - name: door
                    url: rtsp://127.0.0.1:8554/door
                  - name: yard
                    url: rtsp://127.0.0.1:8554/yard
                    motion: {confirm_interval: 5, masks: [[[0, 0], [0.5, 0], [0.5, 0.2]]], regions: true}
                  - name: hall
                    url: rtsp://127.0.0.1:8554/hall
                    motion: {enabled: false}
                  - name: gate
                    url: rtsp://127.0.0.1:8554/gate
                    motion: {alpha: 2}
                """);
        MonitorSetup setup = MonitorSetup.load(file, LabelMap.resolve("coco80"));
        MotionConfig door = setup.cameras().get(0).motion();
        assertEquals(40, door.threshold());
        assertEquals(Duration.ofSeconds(2), door.confirmInterval(), "unset keys keep their defaults");
        MotionConfig yard = setup.cameras().get(1).motion();
        assertEquals(25, yard.threshold(), "a camera's own section replaces the global one");
        assertEquals(Duration.ofSeconds(5), yard.confirmInterval());
        assertEquals(1, yard.masks().size());
        assertTrue(yard.regions(), "regions: true detects crops around motion");
        assertEquals(false, door.regions(), "regions are off unless asked");
        assertNull(setup.cameras().get(2).motion(), "enabled: false turns it off");
        assertNull(setup.cameras().get(3).motion(), "a bad value leaves motion gating off");
        assertEquals(1, setup.problems().size(), setup.problems().toString());
        String problem = setup.problems().get(0);
        assertTrue(problem.startsWith(file + ": camera 'gate': motion: motion alpha must be more than 0 and less than 1, got 2.0"), problem);
    }

    @Test
    void theDetectionBudgetIsAutoUnlessSetAndABadValueIsOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cameras.yaml");
        Files.writeString(file, """
                detect_budget: 12.5
                detect_budget_floor: 0.5
                cameras: [{name: door, url: rtsp://127.0.0.1:8554/door}]
                """);
        MonitorSetup set = MonitorSetup.load(file, LabelMap.resolve("coco80"));
        assertEquals(new BudgetConfig(12.5, 0.5), set.detectBudget());
        assertEquals(List.of(), set.problems());
        Files.writeString(file, "cameras: [{name: door, url: rtsp://127.0.0.1:8554/door}]\n");
        assertTrue(MonitorSetup.load(file, LabelMap.resolve("coco80")).detectBudget().isAuto(), "auto when not set");
        Files.writeString(file, """
                detect_budget: lots
                detect_budget_floor: -1
                cameras: [{name: door, url: rtsp://127.0.0.1:8554/door}]
                """);
        MonitorSetup bad = MonitorSetup.load(file, LabelMap.resolve("coco80"));
        assertEquals(BudgetConfig.auto(), bad.detectBudget());
        assertEquals(List.of(file + ": detect_budget: detect_budget must be auto or 0.1..10000 detections a second, got 'lots'; using auto",
                file + ": detect_budget_floor: detect_budget_floor must be 0..60 detections a second, got -1; using 1.0"), bad.problems());
    }
}
