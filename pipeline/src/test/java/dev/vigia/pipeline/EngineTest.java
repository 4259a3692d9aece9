package dev.vigia.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
