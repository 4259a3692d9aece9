package dev.vigia.pipeline.source;

import dev.vigia.models.nms.GreedyNms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.sarxos.webcam.Webcam;
import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.CaptureMode;
import dev.vigia.pipeline.PipelineHarness;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.sink.MotSink;
import dev.vigia.pipeline.stage.NmsStage;
import dev.vigia.pipeline.stage.RenderStage;
import dev.vigia.pipeline.stage.TrackStage;
import dev.vigia.pipeline.track.IouTracker;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webcams through the real Webcam Capture library, with a driver that replays a real video. */
class WebcamSourceTest {

    private static final FfmpegSource.StreamOptions STREAM = FfmpegSource.StreamOptions.defaults();
    private static final ReconnectingSource.Policy POLICY = ReconnectingSource.Policy.defaults();

    @AfterEach
    void restoreDriver() {
        Webcam.resetDriver();
    }

    @Test
    void framesArriveUnchangedAndAreTracked(@TempDir Path out) throws Exception {
        Path video = SampleMedia.standard().file("vtest.avi");
        Webcam.setDriver(new ReplayWebcamDriver(video));
        Mat expected;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toString());
                OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            expected = toMat.convert(grabber.grabImage()).clone();
        }
        Source camera = Sources.open("webcam:0", STREAM, POLICY, 30);
        assertTrue(camera.info().live());
        assertEquals(768, camera.info().width());
        Mat first = new Mat();
        assertEquals(Source.Status.FRAME, camera.read(first));
        Mat difference = new Mat();
        opencv_core.absdiff(first, expected, difference);
        assertEquals(0, opencv_core.countNonZero(difference.reshape(1, 0)), "the camera's first frame is the video's first frame");

        PipelineStats stats = new PipelineStats();
        LabelMap coco = LabelMap.resolve("coco80");
        new PipelineHarness()
                .source(camera, CaptureMode.LIVE)
                .maxFrames(12)
                .detectors(TestVideos.nanodet(), 1)
                .then(new NmsStage(new GreedyNms(0.6f, true, 300)))
                .then(new TrackStage(new IouTracker(IouTracker.Settings.defaults()), 10))
                .then(new RenderStage(coco, stats, true))
                .sinks(List.of(new MotSink(out.resolve("cam.mot.txt"))))
                .stats(stats)
                .build()
                .run();
        assertEquals(12, stats.framesOut());
        assertTrue(Files.readAllLines(out.resolve("cam.mot.txt")).size() > 10, "people tracked in the camera's frames");
    }

    @Test
    void noCameraIsOneLineThatSaysSo() {
        Webcam.setDriver(ReplayWebcamDriver.none());
        UserError error = assertThrows(UserError.class, () -> Sources.open("webcam", STREAM, POLICY, 30));
        assertTrue(error.getMessage().startsWith("No webcam found"), error.getMessage());
    }

    @Test
    void aMissingIndexListsTheCamerasFound() {
        Webcam.setDriver(new ReplayWebcamDriver(SampleMedia.standard().file("vtest.avi")));
        UserError error = assertThrows(UserError.class, () -> Sources.open("webcam:2", STREAM, POLICY, 30));
        assertTrue(error.getMessage().contains("webcam:0 = replay vtest.avi"), error.getMessage());
    }
}
