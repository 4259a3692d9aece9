package dev.vigia.pipeline;

import java.time.Duration;

/**
 * How a source stopped by the {@link FailurePolicy} is started again: after {@code first}, then
 * twice as long after each failure in a row, never longer than {@code longest}. A source that ran
 * for longer than {@code longest} since its last restart starts over at {@code first}: its fault
 * was cleared, a new one is a new episode.
 */
public record SourceRestarts(Duration first, Duration longest) {

    public SourceRestarts {
        if (first == null || longest == null || first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
            throw new IllegalArgumentException("SourceRestarts needs 0 < first <= longest; got " + first + ", " + longest);
        }
    }

    /** 1 s, doubling up to a minute. */
    public static SourceRestarts defaults() {
        return new SourceRestarts(Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** The wait after {@code previous}. */
    Duration after(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(longest) > 0 ? longest : doubled;
    }
}
