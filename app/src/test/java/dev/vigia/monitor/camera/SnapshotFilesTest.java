package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.upscale.CropUpscaler;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event snapshots: the box with a 15% margin, super-resolved when small. */
class SnapshotFilesTest {

    @Test
    void smallCropsAreSuperResolvedAndLargeOnesWrittenAsTheyAre(@TempDir Path dir) throws Exception {
        Mat frame = imread(SampleMedia.standard().file("person.jpg").toString());
        try (CropUpscaler upscaler = CropUpscaler.load(ModelStore.standard(), "esrgan-slim", 2, DeviceChoice.CPU, 160)) {
            SnapshotFiles files = new SnapshotFiles(dir, "yard", upscaler);
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
}
