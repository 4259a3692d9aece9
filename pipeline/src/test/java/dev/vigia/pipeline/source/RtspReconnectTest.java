package dev.vigia.pipeline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.nms.GreedyNms;
import dev.vigia.pipeline.CaptureMode;
import dev.vigia.pipeline.PipelineHarness;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.sink.MotSink;
import dev.vigia.pipeline.stage.NmsStage;
import dev.vigia.pipeline.stage.RenderStage;
import dev.vigia.pipeline.stage.TrackStage;
import dev.vigia.pipeline.track.IouTracker;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline reading a real RTSP server on 127.0.0.1 while the server is killed, restarted,
 * frozen (SIGSTOP) and thawed. The pipeline must keep running throughout, notice each outage,
 * and get frames again once the server is back.
 */
class RtspReconnectTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration STALL_AFTER = Duration.ofSeconds(2);

    @BeforeAll
    static void needsGstreamer() {
        assumeTrue(RtspTestServer.available(), "Debian's python3-gi and gir1.2-gst-rtsp-server-1.0 are not installed; .ci/run installs them");
    }

    /** Counts frames leaving the pipeline. */
    private static final class FrameCounter implements Stage {
        final AtomicLong frames = new AtomicLong();

        @Override
        public String name() {
            return "count";
        }

        @Override
        public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
            frames.incrementAndGet();
        }
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        await(what, limit, condition, () -> "");
    }

    private static void await(String what, Duration limit, BooleanSupplier condition, java.util.function.Supplier<String> context)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError(what + " did not happen within " + limit.toSeconds() + " s " + context.get());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Live Java threads, less the JDK's "process reaper" threads: those wait on this test's own
     * child processes (the server, the kill commands that freeze it) and idle out on their own.
     */
    private static int javaThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.getName().startsWith("process reaper")).count();
    }

    private static void awaitThreadCount(int baseline) throws InterruptedException {
        await("thread count back to " + baseline, Duration.ofSeconds(10), () -> javaThreads() <= baseline,
                () -> Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList().toString());
    }

    @Test
    void survivesAKilledARestartedAndAFrozenServer(@TempDir Path dir) throws Exception {
        try (RtspTestServer server = new RtspTestServer(SampleMedia.standard().file("vtest.avi"), dir)) {
            server.start();
            ReconnectingSource source = new ReconnectingSource(
                    () -> FfmpegSource.openStream(server.url(), new FfmpegSource.StreamOptions(TIMEOUT, true), null),
                    new ReconnectingSource.Policy(Duration.ofMillis(200), Duration.ofSeconds(1), -1, STALL_AFTER));
            PipelineStats stats = new PipelineStats();
            FrameCounter counter = new FrameCounter();
            LabelMap coco = LabelMap.resolve("coco80");
            PipelineHarness pipeline = new PipelineHarness()
                    .source("rtsp", source, CaptureMode.LIVE, 3)
                    .detectors(TestVideos.nanodet(), 1)
                    .then(new NmsStage(new GreedyNms(0.6f, true, 300)))
                    .then(new TrackStage(new IouTracker(IouTracker.Settings.defaults()), source.info().fps()))
                    .then(new RenderStage(coco, stats, true))
                    .sinks(List.of(counter, new MotSink(dir.resolve("rtsp.mot.txt"))))
                    .stats(stats)
                    .build();
            Thread runner = new Thread(pipeline::run, "pipeline-under-test");
            runner.start();

            await("first frames", Duration.ofSeconds(20), () -> counter.frames.get() > 10);
            int baseline = javaThreads();

            // Killed: the pipeline keeps running and reports the disconnect.
            server.kill();
            await("disconnect noticed", Duration.ofSeconds(10), () -> !source.connected());
            assertTrue(runner.isAlive(), "the pipeline keeps running while the camera is gone");
            long beforeRestart = counter.frames.get();

            // Restarted: frames flow again within 10 s.
            server.start();
            await("frames after restart", Duration.ofSeconds(10), () -> counter.frames.get() > beforeRestart + 5);
            assertTrue(source.reconnects() >= 1);
            awaitThreadCount(baseline);

            // Frozen: the stall is noticed within the read timeout plus the watchdog's period.
            long stallsBefore = source.stalls();
            server.freeze();
            await("stall noticed", TIMEOUT.plus(STALL_AFTER).plusSeconds(3), () -> source.stalls() > stallsBefore || !source.connected());
            long beforeThaw = counter.frames.get();
            server.thaw();
            await("frames after thaw", Duration.ofSeconds(15), () -> counter.frames.get() > beforeThaw + 5);
            awaitThreadCount(baseline);

            // Asked to stop while the camera is gone: capture must not wait for it to come back.
            server.kill();
            await("second disconnect noticed", Duration.ofSeconds(10), () -> !source.connected());
            pipeline.requestStop();
            runner.join(15_000);
            assertTrue(!runner.isAlive(), "the pipeline stops when asked, even during an outage");
            assertEquals(stats.framesIn(), stats.framesOut() + stats.framesDropped());
        }
    }

    /** Passes frames on, so a source can be tested in a pipeline without a detector's cost. */
    private static final class PassThrough implements Stage {
        @Override
        public String name() {
            return "detect";
        }

        @Override
        public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {}
    }

    /**
     * A server frozen (SIGSTOP) for a while and then thawed: FFmpeg's own timeout does not end a
     * read blocked on the frozen connection, so the watchdog must interrupt it and the source
     * reopen with backoff. Frames flow again within the stall limit, the backoff and one open after
     * the thaw, however long the freeze was, and no thread is left behind. Fifteen seconds is
     * fifteen times the longest backoff, so a longer freeze only repeats the same capped reopen
     * (a 60 s case ran here until it cost CI a minute of sleeping for no new path).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "frozen for {0} s")
    @org.junit.jupiter.params.provider.ValueSource(ints = {3, 15})
    void recoversFromAFrozenServer(int freezeSeconds, @TempDir Path dir) throws Exception {
        Duration maxBackoff = Duration.ofSeconds(1);
        try (RtspTestServer server = new RtspTestServer(SampleMedia.standard().file("vtest.avi"), dir)) {
            server.start();
            ReconnectingSource source = new ReconnectingSource(
                    () -> FfmpegSource.openStream(server.url(), new FfmpegSource.StreamOptions(TIMEOUT, true), null),
                    new ReconnectingSource.Policy(Duration.ofMillis(200), maxBackoff, -1, STALL_AFTER));
            FrameCounter counter = new FrameCounter();
            PipelineStats stats = new PipelineStats();
            PipelineHarness pipeline = new PipelineHarness()
                    .source(source, CaptureMode.LIVE)
                    .firstStages(List.of(new PassThrough()))
                    .sinks(List.of(counter))
                    .stats(stats)
                    .build();
            Thread runner = new Thread(pipeline::run, "pipeline-under-test");
            runner.start();
            await("first frames", Duration.ofSeconds(20), () -> counter.frames.get() > 10);
            int baseline = javaThreads();

            server.freeze();
            long frozenAt = System.nanoTime();
            await("stall noticed", STALL_AFTER.plusSeconds(3), () -> source.stalls() >= 1 || !source.connected());
            long stallNoticedAfterMillis = (System.nanoTime() - frozenAt) / 1_000_000;
            Thread.sleep(Math.max(0, freezeSeconds * 1000L - (System.nanoTime() - frozenAt) / 1_000_000));
            assertTrue(runner.isAlive(), "the pipeline keeps running while the camera is frozen");
            long beforeThaw = counter.frames.get();
            server.thaw();
            long thawedAt = System.nanoTime();
            // Stall limit + the longest backoff + one open (bounded by TIMEOUT), with a margin for 2 busy cores.
            Duration recoveryLimit = STALL_AFTER.plus(maxBackoff).plus(TIMEOUT).plusSeconds(5);
            await("frames after a " + freezeSeconds + " s freeze", recoveryLimit, () -> counter.frames.get() > beforeThaw + 5);
            System.out.printf(java.util.Locale.ROOT, "freeze %d s: stall noticed after %d ms, frames again %d ms after the thaw, "
                    + "%d reconnects%n", freezeSeconds, stallNoticedAfterMillis, (System.nanoTime() - thawedAt) / 1_000_000,
                    source.reconnects());
            assertTrue(source.reconnects() >= 1, "the frozen connection was replaced");
            awaitThreadCount(baseline);

            pipeline.requestStop();
            runner.join(15_000);
            assertTrue(!runner.isAlive(), "the pipeline stops when asked");
        }
    }

    @Test
    void aStreamUnreachableAtStartIsAUserError() {
        UserError error = assertThrows(UserError.class, () -> new ReconnectingSource(
                () -> FfmpegSource.openStream("rtsp://127.0.0.1:9/none", new FfmpegSource.StreamOptions(TIMEOUT, true), null),
                ReconnectingSource.Policy.defaults()));
        assertTrue(error.getMessage().startsWith("Cannot open 'rtsp://127.0.0.1:9/none'"), error.getMessage());
    }

    @Test
    void credentialsAndTokensStayOutOfMessages() {
        String secret = "rtsp://admin:S3cret@127.0.0.1:9/s1?token=T0ken";
        UserError error = assertThrows(UserError.class, () -> new ReconnectingSource(
                () -> FfmpegSource.openStream(secret, new FfmpegSource.StreamOptions(TIMEOUT, true), null),
                ReconnectingSource.Policy.defaults()));
        assertTrue(error.getMessage().startsWith("Cannot open 'rtsp://127.0.0.1:9/s1': "), error.getMessage());
        assertTrue(!error.getMessage().contains("S3cret") && !error.getMessage().contains("T0ken")
                && !error.getMessage().contains("admin"), error.getMessage());
    }
}
