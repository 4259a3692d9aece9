package dev.vigia.pipeline.source;

import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.pipeline.sink.Mp4Writer;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Files of any width decode as the BGR frames that were encoded, whatever row padding FFmpeg uses. */
class FfmpegSourceTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"96, 72", "100, 76", "768, 576"})
    void framesComeBackAsTheBgrPicturesThatWereWritten(int width, int height) throws Exception {
        Path clip = dir.resolve("clip-" + width + ".mp4");
        List<Mat> written = new ArrayList<>();
        try (Source vtest = FfmpegSource.openFile(SampleMedia.standard().file("vtest.avi").toString()); Mat frame = new Mat();
                Mp4Writer writer = new Mp4Writer(clip, width, height, 10)) {
            for (int i = 0; i < 5 && vtest.read(frame) == Source.Status.FRAME; i++) {
                Mat small = new Mat();
                resize(frame, small, new Size(width, height));
                writer.write(small);
                written.add(small);
            }
        }
        try (Source decoded = FfmpegSource.openFile(clip.toString()); Mat frame = new Mat(); Mat difference = new Mat()) {
            for (Mat original : written) {
                assertEquals(Source.Status.FRAME, decoded.read(frame));
                assertEquals(opencv_core.CV_8UC3, frame.type(), "3-channel BGR at " + width + "x" + height);
                assertEquals(width, frame.cols());
                opencv_core.absdiff(original, frame, difference);
                double meanError = opencv_core.mean(difference).get(0);
                // H.264 at quality 23 is lossy, by a few grey levels; scrambled rows differ by tens.
                assertTrue(meanError < 6, "mean difference " + meanError + " at " + width + "x" + height);
            }
        }
    }
}
