package dev.vigia.pipeline;

import java.util.Locale;
import java.util.Optional;

/**
 * How capture feeds the ring: the one type for it, from a source's settings to its lane.
 *
 * <ul>
 *   <li>{@link #FILE}: lossless. Every frame is processed; capture waits when the ring is full.
 *   <li>{@link #LIVE}: latest frame wins. When the stages are busy, capture drops the new frame
 *       (and counts it) instead of queueing it, so latency stays bounded.
 *   <li>{@link #AUTO}: live for cameras and streams, lossless for files and folders; the engine
 *       {@linkplain #resolve resolves} it once the source is open, so a lane only sees the other two.
 * </ul>
 */
public enum CaptureMode {
    AUTO, LIVE, FILE;

    /** This mode for a source that is (or is not) live: AUTO becomes LIVE or FILE, the others stay. */
    public CaptureMode resolve(boolean liveSource) {
        return this != AUTO ? this : liveSource ? LIVE : FILE;
    }

    /** A config file's {@code mode:} value, {@code live} or {@code file} in any case; empty for anything else. */
    public static Optional<CaptureMode> fromConfig(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "live" -> Optional.of(LIVE);
            case "file" -> Optional.of(FILE);
            default -> Optional.empty();
        };
    }

    /** As a config file writes it: {@code auto}, {@code live}, {@code file}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
