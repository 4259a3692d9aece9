package dev.vigia.monitor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.motion.MotionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
}
