package dev.vigia.monitor.camera;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.pipeline.PipelineStats;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A camera's health over the last hour, from its statistics sampled every few seconds: frames in
 * per second against what the camera promises, drops, reconnects and stalls in the last hour, the
 * age of the last frame, and one word for the connection.
 *
 * <p>The word: {@code offline} unless two frames came in the last {@link #OFFLINE_AFTER_SECONDS}; {@code poor}
 * when frames arrive at under half the expected rate or the camera reconnected or stalled 3 times or
 * more in the hour; {@code fair} under 90 % of the rate or after any reconnect or stall in the hour;
 * {@code good} otherwise. Drops are not part of it: they are frames detection had no time for, not
 * a connection fault.
 *
 * <p>A camera stopped because a stage kept failing on it is started again with backoff: the health
 * says so ({@code restarting}), how often it happened ({@code restarts}) and why ({@code last_error}).
 */
public final class CameraHealth {

    public static final double OFFLINE_AFTER_SECONDS = 5;
    private static final long HOUR_NANOS = 3_600_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Sample(long nanos, long framesIn, long framesDetected, long drops, long reconnects, long stalls) {}

    private final CameraState state;
    private final Deque<Sample> hour = new ArrayDeque<>();
    private volatile double expectedFps;
    private volatile double fpsIn;
    private volatile double fpsDetected;
    private volatile long restarts;
    private volatile boolean restarting;
    private volatile String lastError;

    public CameraHealth(CameraState state) {
        this.state = state;
    }

    /** What the camera promises (its stream's frame rate, capped by the config). */
    public void expectedFps(double fps) {
        this.expectedFps = fps;
    }

    /** Takes a sample of the camera's cumulative counters; call every few seconds. */
    public synchronized void sample(PipelineStats stats) {
        long now = System.nanoTime();
        Sample current = new Sample(now, stats.framesIn(), state.detectedFrames(), stats.framesDropped(),
                stats.reconnects(), stats.stalls());
        Sample previous = hour.peekLast();
        if (previous != null && now > previous.nanos()) {
            double seconds = (now - previous.nanos()) / 1e9;
            fpsIn = (current.framesIn() - previous.framesIn()) / seconds;
            fpsDetected = (current.framesDetected() - previous.framesDetected()) / seconds;
        }
        restarts = stats.restarts();
        restarting = stats.down();
        lastError = stats.lastFailure();
        hour.addLast(current);
        while (hour.size() > 1 && now - hour.peekFirst().nanos() > HOUR_NANOS) {
            hour.removeFirst();
        }
    }

    /**
     * Frames flow: the last two frames both arrived within {@link #OFFLINE_AFTER_SECONDS}. One frame
     * alone is not enough: a decoder can hand over a last buffered frame while its camera is frozen.
     */
    public boolean connected() {
        double age = state.previousFrameAgeSeconds();
        return age >= 0 && age < OFFLINE_AFTER_SECONDS;
    }

    /** Why the monitor last stopped this camera (a stage kept failing on it), one line; null if it never did. */
    public String lastError() {
        return lastError;
    }

    /** Whether the camera is stopped right now, waiting to be started again. */
    public boolean restarting() {
        return restarting;
    }

    public double fpsIn() {
        return fpsIn;
    }

    public double fpsDetected() {
        return fpsDetected;
    }

    private synchronized long[] hourTotals() {
        if (hour.isEmpty()) {
            return new long[3];
        }
        Sample first = hour.peekFirst();
        Sample last = hour.peekLast();
        return new long[] {last.drops() - first.drops(), last.reconnects() - first.reconnects(), last.stalls() - first.stalls()};
    }

    public String quality() {
        if (!connected()) {
            return "offline";
        }
        long[] totals = hourTotals();
        long faults = totals[1] + totals[2];
        double expected = expectedFps;
        double ratio = expected > 0 ? fpsIn / expected : 1;
        if (ratio < 0.5 || faults >= 3) {
            return "poor";
        }
        if (ratio < 0.9 || faults >= 1) {
            return "fair";
        }
        return "good";
    }

    public ObjectNode toJson() {
        long[] totals = hourTotals();
        ObjectNode node = JSON.createObjectNode();
        node.put("connected", connected());
        node.put("quality", quality());
        node.put("fps_in", round(fpsIn));
        node.put("fps_expected", round(expectedFps));
        node.put("fps_detected", round(fpsDetected));
        node.put("drops_last_hour", totals[0]);
        node.put("reconnects_last_hour", totals[1]);
        node.put("stalls_last_hour", totals[2]);
        node.put("last_frame_age_seconds", round(state.lastFrameAgeSeconds()));
        node.put("frames", state.frames());
        node.put("active_objects", state.activeObjects());
        node.put("restarting", restarting);
        node.put("restarts", restarts);
        node.put("last_error", lastError);
        return node;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
