package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.monitor.storage.WriteFailures;
import dev.vigia.monitor.web.SafeFiles;
import dev.vigia.pipeline.upscale.CropUpscaler;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event snapshots: the box with a 15% margin, super-resolved when small; under their root; a failed write counted. */
class SnapshotFilesTest {

    @Test
    void smallCropsAreSuperResolvedAndLargeOnesWrittenAsTheyAre(@TempDir Path dir) throws Exception {
        Mat frame = imread(SampleMedia.standard().file("person.jpg").toString());
        try (CropUpscaler upscaler = CropUpscaler.load(ModelStore.standard(), "esrgan-slim", 2, DeviceChoice.CPU, 160)) {
            SnapshotFiles files = new SnapshotFiles(dir, "yard", "yard", upscaler, new WriteFailures());
            // 40x60 box: margins of 6 and 9 pixels make a 52x78 crop, doubled.
            Mat small = imread(files.write(frame, new float[] {100, 100, 140, 160}, "small").toString());
            assertEquals(104, small.cols());
            assertEquals(156, small.rows());
            // 300x300 box: margins of 45 make a 390x390 crop, larger than 160 and so left alone.
            Mat large = imread(files.write(frame, new float[] {100, 50, 400, 350}, "large").toString());
            assertEquals(390, large.cols());
            assertEquals(390, large.rows());
        }
    }

    /** A full disk or a folder that cannot be made: counted, no file, no exception that would count against the camera. */
    @Test
    void aWriteThatFailsIsCountedAndReturnsNoFile(@TempDir Path dir) throws Exception {
        Mat frame = imread(SampleMedia.standard().file("person.jpg").toString());
        Files.writeString(dir.resolve("yard"), "a file where the camera's folder must be made");
        WriteFailures failures = new WriteFailures();
        SnapshotFiles files = new SnapshotFiles(dir, "yard", "yard", null, failures);

        assertNull(files.write(frame, new float[] {100, 100, 140, 160}, "yard-1-1"));
        assertEquals(1, failures.count(WriteFailures.Kind.SNAPSHOT, "yard"));
        assertEquals(0, failures.count(WriteFailures.Kind.SNAPSHOT, "door"));
        assertTrue(failures.report().contains("1 snapshot write of camera yard failed"), "reported in one line");
    }

    /** The last guard, should a name get past the config's check: nothing lands outside the snapshot root. */
    @Test
    void aCameraFolderOutsideTheRootIsRefused(@TempDir Path dir) {
        Path root = dir.resolve("events/snapshots");
        for (String stem : new String[] {"../../../x", "lobby/east", "..", ""}) {
            assertThrows(IllegalArgumentException.class, () -> new SnapshotFiles(root, stem, stem, null, new WriteFailures()), stem);
        }
    }

    /** An object's id as the scene makes it names a snapshot the dashboard serves (the two agree on Vigía's names). */
    @Test
    void aSnapshotOfATrackedObjectIsServedUnderItsUrl(@TempDir Path dir) throws Exception {
        Mat frame = imread(SampleMedia.standard().file("person.jpg").toString());
        SnapshotFiles files = new SnapshotFiles(dir, "street.2", "street.2", null, new WriteFailures());
        List<dev.vigia.monitor.events.ObjectEvent> events = new ArrayList<>();
        TrackedObjects objects = new TrackedObjects("street.2", LabelMap.resolve("coco80"), 3, files, null, events::add);
        TrackedObjects.Tracked person = objects.seen(7, 0, 0.9f, 100, 50, 400, 350, 1_765_000_000.123);
        Path file = files.write(frame, person.box, person.id);
        assertNotNull(file);
        assertEquals(java.util.Optional.of(file.toRealPath()), SafeFiles.snapshots(dir).resolve(files.relative(file)));
    }
}
