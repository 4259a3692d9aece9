package dev.vigia.pipeline.scenes;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One real person's walk, cut out of a source video: per source frame, the crop around the person
 * (BGR) and its alpha (CV_8U, 0 background to 255 person) of the same size, and where the feet are
 * in the crop. Frames play in order while the actor moves.
 *
 * @param footX per frame, the x of the feet (bottom centre of the tracked box) in crop pixels
 * @param footY per frame, the y of the feet in crop pixels
 * @param referenceHeight the median height of the tracked box in the source, in pixels: scaling to
 *     the perspective's height at the new foot position divides by it
 * @param heightsPerSecond how fast the person walked in the source, in body heights per second
 * @param facingRight whether the person walked to the right in the source (mirrored when a script
 *     walks them the other way)
 */
public record ActorClip(int sourceTrack, List<Mat> crops, List<Mat> alphas, float[] footX, float[] footY,
        float referenceHeight, double heightsPerSecond, boolean facingRight) {

    public int frames() {
        return crops.size();
    }
}
