package dev.vigia.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.sink.JsonLinesSink;
import dev.vigia.pipeline.sink.MotSink;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failing stages and outputs end a run visibly; a frame failing now and then is skipped and counted. */
class StageFailureTest {

    private static final LabelMap COCO = LabelMap.resolve("coco80");

    /** Throws on frames 1, 1 + every, 1 + 2 every... (1: on all of them; 0: never), as a broken detector would. */
    private static final class FailingStage implements Stage {
        private final int every;

        FailingStage(int every) {
            this.every = every;
        }

        @Override
        public String name() {
            return "detect";
        }

        @Override
        public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
            if (every > 0 && event.frameIndex % every == 0) {
                throw new IllegalStateException("inference failed on frame " + (event.frameIndex + 1));
            }
        }
    }

    private static Pipeline.Builder vtest(Stage detect, Stage... sinks) {
        return Pipeline.builder()
                .source(FfmpegSource.openFile(SampleMedia.standard().file("vtest.avi").toString()), CaptureMode.FILE)
                .firstStages(List.of(detect))
                .sinks(List.of(sinks));
    }

    @Test
    void aStageFailingOnEveryFrameFailsTheRunNamingItAndItsFirstError(@TempDir Path out) throws Exception {
        Path jsonl = out.resolve("v.jsonl");
        PipelineFailedException failed = assertThrows(PipelineFailedException.class,
                () -> vtest(new FailingStage(1), new JsonLinesSink(jsonl, COCO)).build().run());
        assertEquals("stage 'detect' failed on " + failed.stats().stageFailures().get("detect") + " of "
                + failed.stats().stageFailures().get("detect") + " frames; first error: IllegalStateException: inference failed on frame 1",
                failed.getMessage());
        assertTrue(failed.stats().framesIn() < 795, "the run stopped early, after " + failed.stats().framesIn() + " frames");
        // What passed is still a valid file: one whole JSON object per frame that went through.
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(failed.stats().framesOut(), lines.size());
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            json.readTree(line);
        }
    }

    @Test
    void aFrameFailingNowAndThenIsSkippedAndCountedPerStage(@TempDir Path out) {
        PipelineStats stats = vtest(new FailingStage(50), new MotSink(out.resolve("v.mot.txt"))).build().run();
        assertEquals(795, stats.framesOut());
        assertEquals(16, stats.stageFailures().get("detect"), "frames 1, 51, ..., 751 failed");
        assertEquals(0, stats.stageFailures().get("mot"));
        assertEquals(16, stats.toJson().get("stage_failures").get("detect").asLong());
        assertTrue(stats.summaryLines().contains("stage failures: detect 16"), stats.summaryLines().toString());
    }

    @Test
    void anOutputOnAFullDiskFailsTheRunNamingTheSink() {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "/dev/full is not here");
        PipelineFailedException failed = assertThrows(PipelineFailedException.class,
                () -> vtest(new FailingStage(0), new JsonLinesSink(full, COCO)).build().run());
        assertTrue(failed.getMessage().startsWith("stage 'jsonl' failed on "), failed.getMessage());
        assertTrue(failed.getMessage().contains("No space left on device"), failed.getMessage());
    }
}
