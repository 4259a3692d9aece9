package dev.vigia.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.models.catalog.LabelMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of a video's detections, without a detector: its name, its reuse, and the classes a run keeps. */
class VideoDetectionsTest {

    @TempDir
    Path dir;

    @Test
    void theCacheLiesBesideTheFileNamedByVideoAndDetectorAndItsKeyChangesWithTheSettings() throws IOException {
        Path video = Files.writeString(dir.resolve("clip.mp4"), "not decoded here");
        Path beside = dir.resolve("tuned").resolve("t.yaml");
        Path cache = VideoDetections.cacheBeside(beside, video, "nanodet", 0.3f, List.of("person"));
        assertEquals(dir.resolve("tuned"), cache.getParent());
        assertTrue(cache.getFileName().toString().matches("clip\\.nanodet\\.[0-9a-f]{8}\\.det\\.txt"), cache.toString());
        assertNotEquals(cache, VideoDetections.cacheBeside(beside, video, "nanodet", 0.5f, List.of("person")), "another threshold");
        assertNotEquals(cache, VideoDetections.cacheBeside(beside, video, "nanodet", 0.3f, List.of("person", "car")), "other classes");
    }

    @Test
    void aCacheThereIsReusedWithoutOpeningTheDetector() throws IOException {
        Path cache = Files.writeString(dir.resolve("clip.det.txt"), "1,-1,10.00,10.00,5.00,5.00,0.9000,0,-1,-1\n");
        Path got = VideoDetections.detectOnce(dir.resolve("clip.mp4"), "nanodet", () -> {
            throw new AssertionError("the detector is opened only when there is no cache");
        }, List.of("person"), cache);
        assertEquals(cache, got);
    }

    @Test
    void classesAreTheLabelsIdsAndEveryUnknownOneIsNamedInOneError() {
        LabelMap labels = LabelMap.of(List.of("person", "bicycle", "car"));
        assertEquals(Set.of(0, 2), VideoDetections.classIds(labels, List.of("car", " person"), "nanodet"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> VideoDetections.classIds(labels, List.of("cat", "person", "dog"), "nanodet"));
        assertEquals(Setting.CLASSES, e.key());
        assertEquals("classes cat,dog: not a class of nanodet; its classes include person, bicycle, car", e.getMessage());
    }
}
