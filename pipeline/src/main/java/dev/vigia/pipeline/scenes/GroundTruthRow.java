package dev.vigia.pipeline.scenes;

import java.util.Locale;

/**
 * One actor in one frame, as MOTChallenge's {@code gt.txt} (MOT17) gives it: the full box of the
 * actor's mask even where it is hidden or outside the picture, in pixels with the top-left pixel at
 * (0, 0) as Vigía's own MOT output has it, and the share of the mask's pixels that can be seen.
 *
 * @param frame 1-based
 */
public record GroundTruthRow(int frame, int id, int left, int top, int width, int height, double visibility) {

    public String toMotLine() {
        return String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d,1,1,%.4f", frame, id, left, top, width, height, visibility);
    }
}
