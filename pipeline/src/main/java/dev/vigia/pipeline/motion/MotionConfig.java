package dev.vigia.pipeline.motion;

import java.time.Duration;
import java.util.List;

/**
 * How a source's motion detector looks for change and how motion gates detection. Defaults
 * ({@link #defaults()}) were chosen on the sample videos (vtest.avi, 768×576, pedestrians) and a
 * quiet clip made from its background; its keys are described in app/docs/motion.md and commented in config/monitor/cameras.yaml.
 *
 * @param frameHeight height in pixels of the grey frame motion is computed on (16..1080, default 100):
 *     small enough that sensor noise averages away and the check stays cheap beside detection
 * @param threshold grey-level difference from the running background that counts as changed (1..255, default 25)
 * @param contourArea smallest changed region that is motion, in pixels of the grey frame (0..10000, default 10):
 *     a pedestrian 60 px tall in vtest covers about 40 of them at 100 px height
 * @param alpha weight of each new frame in the running background where the frame is still (0..1 exclusive,
 *     default 0.02: a slow change of light is followed within about 50 frames); where it moves the weight is ten
 *     times less, so passers-by leave no ghost and a parked object fades in within about 500 frames
 * @param dilation 3×3 dilations that join a person's parts into one region (0..10, default 2)
 * @param wholeFrameFraction a frame with more than this fraction changed is a whole-frame change
 *     (lights, day/night switch, reconnect): the background is reset and it is not motion (0..1, default 0.5)
 * @param confirmInterval how often tracked objects that stopped moving are detected again to
 *     confirm them when nothing moves (default 2 s): a parked car keeps its track without a detection a frame
 * @param masks polygons where motion is ignored, each {@code [[x, y], ...]} in source pixels or,
 *     when every coordinate is within 0..1, in fractions of the frame (like the monitor's zones)
 * @param regions detect only crops around motion and tracked objects, at the model's input size
 *     and native resolution ({@link RegionPlanner}), instead of the whole frame (default false: on a
 *     CPU each crop costs one inference, as much as the whole frame, so regions pay only where
 *     objects are small against the frame, a 1080p camera before a 416 px model; see app/docs/motion.md)
 */
public record MotionConfig(int frameHeight, int threshold, int contourArea, double alpha, int dilation,
        double wholeFrameFraction, Duration confirmInterval, List<double[][]> masks, boolean regions) {

    public MotionConfig {
        check("frame_height", frameHeight, 16, 1080);
        check("threshold", threshold, 1, 255);
        check("contour_area", contourArea, 0, 10_000);
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("motion alpha must be more than 0 and less than 1, got " + alpha);
        }
        check("dilation", dilation, 0, 10);
        if (!(wholeFrameFraction > 0 && wholeFrameFraction <= 1)) {
            throw new IllegalArgumentException("motion whole_frame_fraction must be more than 0 and at most 1, got " + wholeFrameFraction);
        }
        if (confirmInterval == null || confirmInterval.isNegative()) {
            throw new IllegalArgumentException("motion confirm_interval must be 0 or more, got " + confirmInterval);
        }
        masks = masks == null ? List.of() : List.copyOf(masks);
        for (int m = 0; m < masks.size(); m++) {
            try {
                dev.vigia.pipeline.zones.Polygon.of(masks.get(m));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("motion masks[" + m + "]: " + e.getMessage(), e);
            }
        }
    }

    /** Motion gating that detects whole frames (regions off). */
    public MotionConfig(int frameHeight, int threshold, int contourArea, double alpha, int dilation,
            double wholeFrameFraction, Duration confirmInterval, List<double[][]> masks) {
        this(frameHeight, threshold, contourArea, alpha, dilation, wholeFrameFraction, confirmInterval, masks, false);
    }

    public static MotionConfig defaults() {
        return new MotionConfig(100, 25, 10, 0.02, 2, 0.5, Duration.ofSeconds(2), List.of());
    }

    public MotionConfig withMasks(List<double[][]> polygons) {
        return new MotionConfig(frameHeight, threshold, contourArea, alpha, dilation, wholeFrameFraction, confirmInterval, polygons, regions);
    }

    public MotionConfig withConfirmInterval(Duration interval) {
        return new MotionConfig(frameHeight, threshold, contourArea, alpha, dilation, wholeFrameFraction, interval, masks, regions);
    }

    /** This config, detecting crops around motion and tracked objects ({@code true}) or whole frames. */
    public MotionConfig withRegions(boolean cropped) {
        return new MotionConfig(frameHeight, threshold, contourArea, alpha, dilation, wholeFrameFraction, confirmInterval, masks, cropped);
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("motion " + key + " must be " + min + ".." + max + ", got " + value);
        }
    }
}
