package dev.vigia.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.models.boxes.Detections;
import dev.vigia.pipeline.frame.FrameKey;
import dev.vigia.pipeline.track.FrameInfo;
import dev.vigia.pipeline.track.Tracker;
import dev.vigia.pipeline.track.Tracks;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public engine: settings checked and frozen at start, sources isolated from each other's failures, frame slots. */
class EngineTest {

    private static final String VTEST = SampleMedia.standard().file("vtest.avi").toString();
    private static final FrameKey<AtomicLong> SEEN_IN_SLOT = FrameKey.of("seen-in-slot", AtomicLong::new);

    @Test
    void aSourceWhoseSinkKeepsFailingIsStoppedAloneAndTheRunReportsIt(@TempDir Path out) throws Exception {
        Map<String, AtomicLong> delivered = new ConcurrentHashMap<>();
        EngineBuilder builder = Vigia.engine()
                .source(SourceSpec.of("good", VTEST).detectEvery(5))
                .source(SourceSpec.of("bad", VTEST).detectEvery(5))
                .maxFrames(80)
                .outputs(out)
                .sink((source, info) -> frame -> {
                    if (source.equals("bad")) {
                        throw new IllegalStateException("disk full");
                    }
                })
                .onFrame(frame -> delivered.computeIfAbsent(frame.source(), s -> new AtomicLong()).incrementAndGet());
        PipelineFailedException failed;
        Map<String, PipelineStats> stats;
        try (Engine engine = builder.start()) {
            failed = assertThrows(PipelineFailedException.class, engine::awaitTermination);
            stats = engine.sourceStats();
        }
        // Every frame of the bad source failed: the ten that tripped the policy and those already in the ring.
        assertTrue(failed.getMessage().matches("source 'bad': stage 'sink' failed on (\\d+) of \\1 frames; first error: "
                + "IllegalStateException: disk full"), failed.getMessage());
        assertEquals(80, stats.get("good").framesOut(), "the other source ran to its end");
        assertEquals(80, Files.readAllLines(out.resolve("good.jsonl")).size());
        assertTrue(stats.get("bad").framesIn() < 80, "the failing source was stopped early: " + stats.get("bad").framesIn());
        assertEquals(80, delivered.get("good").get(), "listeners see every frame of the good source");
    }

    @Test
    void settingsAreCheckedAtStartAndFrozenAfterIt() {
        InvalidSettingException twice = assertThrows(InvalidSettingException.class,
                () -> Vigia.engine().source("cam", VTEST).source("cam", VTEST).start());
        assertEquals("source", twice.setting());
        assertEquals("batch", assertThrows(InvalidSettingException.class,
                () -> Vigia.engine().source("cam", VTEST).batch(0).start()).setting());
        assertThrows(InvalidSettingException.class, () -> Vigia.engine().start(), "a source is required");

        EngineBuilder builder = Vigia.engine().source("cam", VTEST).maxFrames(3);
        try (Engine engine = builder.start()) {
            assertThrows(IllegalStateException.class, () -> builder.source("late", VTEST));
            assertThrows(IllegalStateException.class, builder::start);
            assertEquals(3, engine.awaitTermination().framesOut());
        }
    }

    /**
     * A caller's own tracker, given as a Supplier: one instance per source, called on every frame
     * (update on detected frames, predict on the others), and what it reports is what listeners see.
     */
    @Test
    void aCallersTrackerSupplierMakesEachSourcesTrackerAndItsTracksAreReported() {
        List<FirstBoxTracker> made = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Integer>> idsSeen = new ConcurrentHashMap<>();
        Supplier<Tracker> mine = () -> {
            FirstBoxTracker tracker = new FirstBoxTracker(100 * (made.size() + 1));
            made.add(tracker);
            return tracker;
        };
        try (Engine engine = Vigia.engine().source(SourceSpec.of("a", VTEST).detectEvery(4))
                .source(SourceSpec.of("b", VTEST).detectEvery(4)).maxFrames(8).tracker(mine)
                .onFrame(frame -> idsSeen.computeIfAbsent(frame.source(), s -> new ArrayList<>())
                        .add(frame.tracks().size() == 0 ? -1 : frame.tracks().id(0)))
                .start()) {
            engine.awaitTermination();
        }
        assertEquals(2, made.size(), "one tracker per source");
        for (FirstBoxTracker tracker : made) {
            assertEquals(2, tracker.updates, "frames 0 and 4 were detected");
            assertEquals(6, tracker.predictions, "the other six were predicted");
        }
        // Each tracker numbers its calls from its own base: 8 frames in order, ids base+1 .. base+8.
        List<List<Integer>> expected = List.of(List.of(101, 102, 103, 104, 105, 106, 107, 108),
                List.of(201, 202, 203, 204, 205, 206, 207, 208));
        assertTrue(expected.contains(idsSeen.get("a")) && expected.contains(idsSeen.get("b"))
                && !idsSeen.get("a").equals(idsSeen.get("b")), idsSeen.toString());
    }

    /** Reports one track on the whole frame, numbered by its base plus the calls so far. */
    private static final class FirstBoxTracker implements Tracker {
        private final int base;
        private int updates;
        private int predictions;

        FirstBoxTracker(int base) {
            this.base = base;
        }

        @Override
        public void update(Detections detections, FrameInfo frame, Tracks out) {
            updates++;
            report(frame, out);
        }

        @Override
        public void predict(FrameInfo frame, Tracks out) {
            predictions++;
            report(frame, out);
        }

        private void report(FrameInfo frame, Tracks out) {
            out.clear();
            out.add(base + updates + predictions, 0, 0, frame.width(), frame.height(), 1, 0);
        }

        @Override
        public void reset() {
            updates = 0;
            predictions = 0;
        }

        @Override
        public int stateSize() {
            return 1;
        }

        @Override
        public String name() {
            return "first-box";
        }
    }

    /** A value hung on frames with a FrameKey is made once per ring slot and reused by every frame through it. */
    @Test
    void frameKeyValuesAreMadeOncePerSlot() {
        Set<AtomicLong> instances = Collections.newSetFromMap(new IdentityHashMap<>());
        AtomicLong frames = new AtomicLong();
        try (Engine engine = Vigia.engine().source(SourceSpec.of("cam", VTEST).detectEvery(10)).maxFrames(60).ringSize(8)
                .onFrame(frame -> {
                    frame.attribute(SEEN_IN_SLOT).incrementAndGet();
                    synchronized (instances) {
                        instances.add(frame.attribute(SEEN_IN_SLOT));
                    }
                    frames.incrementAndGet();
                }).start()) {
            engine.awaitTermination();
        }
        assertEquals(60, frames.get());
        assertEquals(8, instances.size(), "one value per slot of the 8-slot ring");
        assertEquals(60, instances.stream().mapToLong(AtomicLong::get).sum());
    }
}
