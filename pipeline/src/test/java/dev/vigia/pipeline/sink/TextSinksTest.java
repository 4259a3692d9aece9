package dev.vigia.pipeline.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.StageHarness;
import dev.vigia.pipeline.frame.FrameEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextSinksTest {

    private static final LabelMap LABELS = LabelMap.of(List.of("person", "car"));

    private static FrameEvent frameWithTwoTracks(long index) {
        FrameEvent event = StageHarness.frame(index, 64, 48);
        event.tracks.add(7, 10, 20, 30, 60, 0.9f, 0);
        event.tracks.add(8, 1.5f, 2.25f, 11.5f, 12.25f, 0.51234f, 1);
        return event;
    }

    @Test
    void motLinesAreOneBasedFrameIdTopLeftSizeConfClass(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.mot.txt");
        StageHarness harness = new StageHarness(new MotSink(file));
        harness.offer(frameWithTwoTracks(0)).offer(StageHarness.frame(1, 64, 48)).offer(frameWithTwoTracks(2));
        harness.finish();
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        assertEquals("1,7,10.00,20.00,20.00,40.00,0.9000,0,-1,-1", lines.get(0));
        assertEquals("1,8,1.50,2.25,10.00,10.00,0.5123,1,-1,-1", lines.get(1));
        assertEquals("3,7,10.00,20.00,20.00,40.00,0.9000,0,-1,-1", lines.get(2));
    }

    @Test
    void jsonLinesHaveOneObjectPerFrameEvenWithoutTracks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.jsonl");
        StageHarness harness = new StageHarness(new JsonLinesSink(file, LABELS));
        harness.offer(frameWithTwoTracks(0)).offer(StageHarness.frame(1, 64, 48));
        harness.finish();
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(1, first.get("frame").asInt());
        assertEquals(0.0, first.get("timestamp_ms").asDouble());
        JsonNode track = first.get("tracks").get(1);
        assertEquals(8, track.get("id").asInt());
        assertEquals("car", track.get("label").asText());
        assertEquals(0.5123, track.get("score").asDouble(), 1e-9);
        assertEquals("[1.5,2.3,11.5,12.3]", track.get("box").toString());
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertEquals(100.0, second.get("timestamp_ms").asDouble());
        assertEquals(0, second.get("tracks").size());
    }

    @Test
    void trackSummaryHasOneRowPerTrackWithFirstLastAndScores(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.tracks.csv");
        StageHarness harness = new StageHarness(new TrackSummarySink(file, LABELS));
        harness.offer(frameWithTwoTracks(0)).offer(frameWithTwoTracks(4));
        harness.finish();
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("7,\"person\",1,5,0.0,400.0,2,0.9000,0.9000,20.0,40.0,20.0,40.0", lines.get(1));
    }

    @Test
    void aTrackSummaryRowIsWrittenWhenItsTrackEndsNotOnlyAtTheEnd(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("b.tracks.csv");
        TrackSummarySink sink = new TrackSummarySink(file, LABELS);
        StageHarness harness = new StageHarness(sink);
        harness.offer(frameWithTwoTracks(0));
        // Track 7 and 8 are gone; an endless stream goes on without them.
        for (long i = 1; i <= TrackSummarySink.RETIRE_AFTER_FRAMES + 1; i++) {
            harness.offer(StageHarness.frame(i, 64, 48));
        }
        // Before the run ends, a reader (or a killed process) already has both rows.
        List<String> written = Files.readAllLines(file);
        assertEquals(3, written.size(), written.toString());
        assertEquals(0, sink.openTracks(), "ended tracks are not kept in memory");
        harness.finish();
        assertEquals(written, Files.readAllLines(file));
    }

    @Test
    void summaryAndSnapshotStateStayBoundedOnAnEndlessStream(@TempDir Path dir) throws Exception {
        TrackSummarySink summary = new TrackSummarySink(dir.resolve("c.tracks.csv"), LABELS);
        dev.vigia.pipeline.stage.SnapshotStage snapshots = new dev.vigia.pipeline.stage.SnapshotStage(dir.resolve("snaps"));
        StageHarness summaries = new StageHarness(summary);
        StageHarness crops = new StageHarness(snapshots);
        int largest = 0;
        for (long i = 0; i < 20_000; i++) {
            // A new track every 10 frames, each seen for 30 frames: about 3 alive at once, 2 000 over the run.
            FrameEvent event = StageHarness.frame(i, 64, 48);
            for (long id = Math.max(0, i / 10 - 2); id <= i / 10; id++) {
                event.tracks.add((int) id + 1, 4, 4, 40, 40, 0.5f + (i % 7) / 20f, 0);
            }
            summaries.offer(event);
            crops.offer(event);
            largest = Math.max(largest, Math.max(summary.openTracks(), snapshots.heldCrops()));
        }
        summaries.finish();
        crops.finish();
        assertTrue(largest <= 3 + TrackSummarySink.RETIRE_AFTER_FRAMES / 10 + 1, "held up to " + largest + " tracks");
        assertEquals(2001, Files.readAllLines(dir.resolve("c.tracks.csv")).size(), "a header and one row per track");
        try (var files = Files.list(dir.resolve("snaps"))) {
            assertEquals(2000, files.filter(f -> f.getFileName().toString().matches("track-\\d+\\.jpg")).count());
        }
    }
}
