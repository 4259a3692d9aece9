package dev.vigia.app.upscale;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.app.CliRun;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.sink.Mp4Writer;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigia upscale} as users run it: images, a folder, a video, and what it refuses. */
class UpscaleCommandTest {

    @Test
    void imagesAndAFolderComeOutScaledUnderTheirOwnNames(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("crops"));
        Mat photo = imread(SampleMedia.standard().file("person.jpg").toString());
        imwrite(folder.resolve("a.png").toString(), photo.apply(new Rect(180, 90, 100, 140)));
        imwrite(folder.resolve("b.jpg").toString(), photo.apply(new Rect(400, 130, 90, 60)));
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("upscale", "--model", "esrgan-slim", "--scale", "2", "--out", out.toString(), folder.toString());
        assertEquals(0, run.exitCode(), run.err());
        Mat a = imread(out.resolve("a_x2.png").toString());
        Mat b = imread(out.resolve("b_x2.jpg").toString());
        assertEquals(200, a.cols());
        assertEquals(280, a.rows());
        assertEquals(180, b.cols());
        assertEquals(120, b.rows());
        assertFalse(Files.exists(out.resolve("notes_x2.txt")));
        assertTrue(run.out().contains("100x140 -> 200x280"), run.out());

        CliRun again = CliRun.inChild("upscale", "--model", "esrgan-slim", "--scale", "2", "--out", out.toString(), folder.toString());
        assertTrue(again.isOneLineUserError(), again.err());
        assertTrue(again.err().contains("--overwrite"), again.err());
    }

    @Test
    void aVideoKeepsItsFrameRateAndFrameCount(@TempDir Path dir) throws Exception {
        Path clip = dir.resolve("clip.mp4");
        double fps;
        try (Source vtest = FfmpegSource.openFile(SampleMedia.standard().file("vtest.avi").toString()); Mat frame = new Mat();
                Mat small = new Mat()) {
            fps = vtest.info().fps();
            try (Mp4Writer writer = new Mp4Writer(clip, 96, 72, fps)) {
                for (int i = 0; i < 12 && vtest.read(frame) == Source.Status.FRAME; i++) {
                    resize(frame, small, new Size(96, 72));
                    writer.write(small);
                }
            }
        }
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("upscale", "--scale", "2", "--out", out.toString(), clip.toString());
        assertEquals(0, run.exitCode(), run.err());
        TestVideos.Probe upscaled = TestVideos.probe(out.resolve("clip_x2.mp4"));
        assertEquals(12, upscaled.frames());
        assertEquals(fps, upscaled.fps(), 0.01, "the declared frame rate of the file is kept (a property, not a speed)");
        assertEquals(192, upscaled.width());
        assertEquals(144, upscaled.height());
    }

    @Test
    void badChoicesAreOneLineEach(@TempDir Path dir) throws Exception {
        String image = SampleMedia.standard().file("dog.jpg").toString();
        String out = dir.resolve("out").toString();
        CliRun scale = CliRun.inChild("upscale", "--model", "esrgan-slim", "--scale", "5", "--out", out, image);
        assertTrue(scale.isOneLineUserError(), scale.err());
        assertTrue(scale.err().contains("esrgan-medium x2 x3 x4 x8") && scale.err().contains("--scale"), scale.err());

        CliRun detector = CliRun.inChild("upscale", "--model", "nanodet", "--out", out, image);
        assertTrue(detector.isOneLineUserError(), detector.err());
        assertTrue(detector.err().contains("not a super-resolution model"), detector.err());

        CliRun untiled = CliRun.inChild("upscale", "--tile", "0", "--memory-limit", "0.2", "--out", out, image);
        assertTrue(untiled.isOneLineUserError(), untiled.err());
        assertTrue(untiled.err().contains("768x576") && untiled.err().contains("--tile"), untiled.err());

        CliRun upscalerAsDetector = CliRun.inChild("detect", "--detector", "esrgan-slim-x4", "--out", out, image);
        assertTrue(upscalerAsDetector.isOneLineUserError(), upscalerAsDetector.err());
        assertTrue(upscalerAsDetector.err().contains("not an object detector"), upscalerAsDetector.err());
        assertFalse(Files.exists(dir.resolve("out").resolve("dog_x4.jpg")));
    }
}
