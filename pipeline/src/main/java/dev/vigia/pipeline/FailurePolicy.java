package dev.vigia.pipeline;

/**
 * When a failing stage ends the run instead of skipping frames: after {@code consecutive} failed
 * frames in a row, or once it has seen {@code minFrames} frames and more than {@code share} of
 * them failed. A damaged frame now and then is skipped and counted; a stage that throws on every
 * frame (a broken detector, a full disk) is a failed run.
 */
public record FailurePolicy(int consecutive, double share, int minFrames) {

    public FailurePolicy {
        if (consecutive < 1 || !(share > 0 && share <= 1) || minFrames < 1) {
            throw new IllegalArgumentException("FailurePolicy needs consecutive >= 1, 0 < share <= 1, minFrames >= 1; got "
                    + consecutive + ", " + share + ", " + minFrames);
        }
    }

    /** 10 failures in a row, or more than a quarter of the frames once 40 were seen. */
    public static FailurePolicy defaults() {
        return new FailurePolicy(10, 0.25, 40);
    }

    boolean tripped(long failuresInARow, long failures, long frames) {
        return failuresInARow >= consecutive || (frames >= minFrames && failures > share * frames);
    }
}
