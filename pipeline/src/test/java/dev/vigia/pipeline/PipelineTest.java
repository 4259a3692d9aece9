package dev.vigia.pipeline;

import dev.vigia.models.nms.GreedyNms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.sink.JsonLinesSink;
import dev.vigia.pipeline.sink.MotSink;
import dev.vigia.pipeline.sink.Mp4Sink;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.source.Sources;
import dev.vigia.pipeline.stage.NmsStage;
import dev.vigia.pipeline.stage.RenderStage;
import dev.vigia.pipeline.stage.TrackStage;
import dev.vigia.pipeline.track.IouTracker;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on real video with the real default detector. */
class PipelineTest {

    private static final LabelMap COCO = LabelMap.resolve("coco80");

    private static PipelineStats runFile(Source source, CaptureMode mode, Path out, int detectEvery, Duration duration) {
        PipelineStats stats = new PipelineStats();
        var info = source.info();
        Pipeline pipeline = Pipeline.builder()
                .source("v", source, mode, detectEvery, 0)
                .duration(duration)
                .detectors(TestVideos.nanodet(), 1)
                .then(new NmsStage(new GreedyNms(0.6f, true, 300)))
                .then(new TrackStage(new IouTracker(IouTracker.Settings.defaults()), info.fps()))
                .then(new RenderStage(COCO, stats, true))
                .sinks(List.of(new Mp4Sink(out.resolve("v.mp4"), info.width(), info.height(), info.fps()),
                        new MotSink(out.resolve("v.mot.txt")), new JsonLinesSink(out.resolve("v.jsonl"), COCO)))
                .stats(stats)
                .build();
        return pipeline.run();
    }

    @Test
    void damagedFramesAreCountedAndEveryDecodedFrameReachesEveryOutput(@TempDir Path out) throws Exception {
        Path damaged = TestVideos.damagedCopy(SampleMedia.standard().file("vtest.avi"), out);
        PipelineStats stats = runFile(FfmpegSource.openFile(damaged.toString()), CaptureMode.FILE, out, 8, null);

        assertTrue(stats.badFrames() > 0, "the overwritten stretches produce decode errors");
        assertEquals(stats.framesIn(), stats.framesOut());
        assertEquals(0, stats.framesDropped(), "file mode is lossless");
        assertTrue(stats.framesIn() > 700, "FFmpeg decodes past the damage: " + stats.framesIn());
        TestVideos.Probe mp4 = TestVideos.probe(out.resolve("v.mp4"));
        assertEquals(stats.framesOut(), mp4.frames());
        assertEquals(10.0, mp4.fps(), 0.01);
        assertEquals(stats.framesOut(), Files.readAllLines(out.resolve("v.jsonl")).size());
        assertTrue(Files.readAllLines(out.resolve("v.mot.txt")).size() > 100, "people are tracked");
    }

    @Test
    void opencvsBuggySampleRunsToTheEnd(@TempDir Path out) throws Exception {
        Path buggy = SampleMedia.standard().file("Megamind_bugy.avi");
        PipelineStats stats = runFile(FfmpegSource.openFile(buggy.toString()), CaptureMode.FILE, out, 10, null);
        assertEquals(270, stats.framesOut());
        assertEquals(270, TestVideos.probe(out.resolve("v.mp4")).frames());
    }

    @Test
    void liveModeDropsFramesInsteadOfQueueingThem(@TempDir Path out) {
        // Decoding runs at hundreds of fps, detection at about ten: the detector is far slower than the source.
        PipelineStats stats = runFile(FfmpegSource.openFile(SampleMedia.standard().file("vtest.avi").toString()),
                CaptureMode.LIVE, out, 1, Duration.ofSeconds(4));
        assertTrue(stats.framesDropped() > 0, "frames were dropped");
        assertEquals(stats.framesIn(), stats.framesOut() + stats.framesDropped(), "every frame read is either out or dropped");
        assertTrue(stats.maxInFlight() <= 2, "at most workers + 1 frames in the ring, saw " + stats.maxInFlight());
    }

    @Test
    void realtimePacesAFileEvenInLiveMode(@TempDir Path out) {
        Source file = FfmpegSource.openFile(SampleMedia.standard().file("vtest.avi").toString());
        PipelineStats stats = new PipelineStats();
        Pipeline.builder()
                .source(file, CaptureMode.LIVE)
                .realtime(true)
                .duration(Duration.ofSeconds(2))
                .detectors(TestVideos.nanodet(), 1)
                .sinks(List.of(new MotSink(out.resolve("paced.mot.txt"))))
                .stats(stats)
                .build()
                .run();
        // Unpaced, decoding would read all 795 frames in about a second; at 10 fps two seconds hold about 20.
        assertTrue(stats.framesIn() <= 25, "frames read in 2 s at 10 fps: " + stats.framesIn());
        assertEquals(stats.framesIn(), stats.framesOut() + stats.framesDropped());
    }

    @Test
    void missingAndUnreadableSourcesAreUserErrors(@TempDir Path dir) throws Exception {
        var options = FfmpegSource.StreamOptions.defaults();
        var policy = dev.vigia.pipeline.source.ReconnectingSource.Policy.defaults();
        UserError missing = assertThrows(UserError.class, () -> Sources.open(dir.resolve("none.mp4").toString(), options, policy, 30));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path notVideo = Files.writeString(dir.resolve("notes.avi"), "hello");
        UserError bad = assertThrows(UserError.class, () -> Sources.open(notVideo.toString(), options, policy, 30));
        assertTrue(bad.getMessage().startsWith("Cannot open '"), bad.getMessage());
        // Our words, not JavaCV's hints to its own users.
        for (String hint : new String[] {"setFormat", "FFmpegLogCallback", "avformat_open_input", "make sure"}) {
            assertTrue(!bad.getMessage().contains(hint), bad.getMessage());
        }
        assertThrows(UserError.class, () -> Sources.open("webcam:x", options, policy, 30));
        UserError noDevice = assertThrows(UserError.class, () -> Sources.open("v4l2:/dev/video99", options, policy, 30));
        assertTrue(noDevice.getMessage().startsWith("Cannot open '/dev/video99'"), noDevice.getMessage());
    }
}
