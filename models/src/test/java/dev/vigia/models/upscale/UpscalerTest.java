package dev.vigia.models.upscale;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.store.NpmPackageFetcher;
import dev.vigia.samples.SampleMedia;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ESRGAN slim ×4 from the catalog, converted by Vigía, against the result image its own npm
 * package ships for its fixture (made by UpscalerJS in TensorFlow.js); tiling against one
 * whole-image inference; and the refusals.
 */
class UpscalerTest {

    private static final String PACKAGE = "@upscalerjs/esrgan-slim";
    private static UpscalerModel model;

    @BeforeAll
    static void load() {
        model = Upscalers.load(ModelStore.standard(), "esrgan-slim", 4, DeviceChoice.CPU);
    }

    @AfterAll
    static void release() {
        model.close();
    }

    @Test
    void convertedModelReproducesThePackagesOwnResultWithinOneGreyLevel() throws IOException {
        Path tarball = NpmPackageFetcher.standard(VigiaHome.resolve().resolve("downloads")).fetch(PACKAGE, "1.0.0");
        Mat fixture = packaged(tarball, "package/assets/fixture.png");
        Mat expected = packaged(tarball, "package/assets/samples/4x/result.png");
        try (Upscaler upscaler = model.newUpscaler(); Mat result = upscaler.upscale(fixture)) {
            assertEquals(expected.cols(), result.cols());
            assertEquals(expected.rows(), result.rows());
            assertEquals(fixture.cols() * 4, result.cols());
            assertTrue(maxDifference(expected, result) <= 1, "largest difference " + maxDifference(expected, result));
        }
    }

    @Test
    void tilesWithOverlapAgreeWithOneWholeInference() {
        Mat photo = imread(SampleMedia.standard().file("messi5.jpg").toString(), IMREAD_COLOR);
        try (Mat image = photo.apply(new Rect(200, 60, 150, 110)).clone();
                TiledUpscaler whole = new TiledUpscaler(model.newUpscaler(), 0, 0, Long.MAX_VALUE);
                TiledUpscaler tiled = new TiledUpscaler(model.newUpscaler(), 48, TiledUpscaler.DEFAULT_PAD, Long.MAX_VALUE);
                TiledUpscaler unpadded = new TiledUpscaler(model.newUpscaler(), 48, 0, Long.MAX_VALUE);
                Mat reference = whole.upscale(image);
                Mat fromTiles = tiled.upscale(image);
                Mat seams = unpadded.upscale(image)) {
            assertEquals(reference.cols(), fromTiles.cols());
            assertEquals(600, fromTiles.cols());
            assertEquals(440, fromTiles.rows());
            assertTrue(maxDifference(reference, fromTiles) <= 1, "tiled differs by " + maxDifference(reference, fromTiles));
            // Without the padding, the tile edges show: the check above can fail.
            assertTrue(maxDifference(reference, seams) > 8, "unpadded tiles differ by only " + maxDifference(reference, seams));
        }
    }

    @Test
    void anImageTooLargeForTheMemoryLimitIsRefusedUntiled() {
        Mat image = new Mat(1000, 2000, opencv_core.CV_8UC3);
        try (TiledUpscaler untiled = new TiledUpscaler(model.newUpscaler(), 0, 0, 1_000_000_000L)) {
            InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> untiled.upscale(image));
            assertEquals("tile", refused.setting());
            assertTrue(refused.getMessage().contains("2000x1000") && refused.getMessage().contains("1.0 GB"), refused.getMessage());
        }
    }

    @Test
    void aPairThatDoesNotExistListsThoseThatDo() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> Upscalers.resolve(ModelStore.standard(), "esrgan-slim", 5));
        assertTrue(refused.getMessage().contains("esrgan-slim x2 x3 x4 x8")
                && refused.getMessage().contains("esrgan-thick x2 x3 x4 x8"), refused.getMessage());
    }

    @Test
    void aDetectorIsNotAnUpscaler() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> Upscalers.load(ModelStore.standard(), "nanodet", 4, DeviceChoice.CPU));
        assertTrue(refused.getMessage().contains("not a super-resolution model"), refused.getMessage());
    }

    private static Mat packaged(Path tarball, String entryName) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(entryName)) {
                    byte[] png = tar.readAllBytes();
                    return imdecode(new Mat(new BytePointer(png)), IMREAD_COLOR);
                }
            }
        }
        throw new IOException(tarball + " has no " + entryName);
    }

    private static double maxDifference(Mat a, Mat b) {
        try (Mat diff = new Mat(); Mat flat = new Mat()) {
            opencv_core.absdiff(a, b, diff);
            diff.reshape(1, 0).copyTo(flat);
            double[] max = new double[1];
            opencv_core.minMaxLoc(flat, null, max, null, null, null);
            return max[0];
        }
    }
}
