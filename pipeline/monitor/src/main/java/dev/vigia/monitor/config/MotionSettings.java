package dev.vigia.monitor.config;

import dev.vigia.pipeline.motion.MotionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code motion:} section as written (in cameras.yaml, globally or per camera, or in a
 * {@code vigia track --motion-config} file): every key optional, a missing one takes
 * {@link MotionConfig#defaults()}'s value. Keys are snake_case:
 *
 * <pre>
 * motion:
 *   enabled: true              # gate detection by motion (default true when the section is there)
 *   frame_height: 100          # grey frame height motion is computed on, 16..1080
 *   threshold: 25              # grey-level change that counts, 1..255
 *   contour_area: 10           # smallest moving region, pixels of the grey frame, 0..10000
 *   alpha: 0.02                # background learning rate where still, 0..1
 *   dilation: 2                # 3x3 dilations joining a person's parts, 0..10
 *   whole_frame_fraction: 0.5  # more changed than this: lights/reconnect, background reset, 0..1
 *   confirm_interval: 2        # seconds between detections confirming objects that stopped
 *   masks:                     # polygons where motion is ignored, pixels or 0..1 fractions
 *     - [[0, 0], [0.3, 0], [0.3, 0.1], [0, 0.1]]
 *   regions: false             # detect crops around motion and tracks at native resolution, not the whole frame
 * </pre>
 */
public record MotionSettings(Boolean enabled, Integer frameHeight, Integer threshold, Integer contourArea, Double alpha,
        Integer dilation, Double wholeFrameFraction, Double confirmInterval, List<List<List<Double>>> masks,
        Boolean regions) {

    /** A section without {@code regions} (whole frames are detected). */
    public MotionSettings(Boolean enabled, Integer frameHeight, Integer threshold, Integer contourArea, Double alpha,
            Integer dilation, Double wholeFrameFraction, Double confirmInterval, List<List<List<Double>>> masks) {
        this(enabled, frameHeight, threshold, contourArea, alpha, dilation, wholeFrameFraction, confirmInterval, masks, null);
    }

    /**
     * The typed config, or null when {@code enabled: false}; a bad value throws an
     * {@link IllegalArgumentException} whose message names the key, the value and the range
     * (callers add the file and where in it).
     */
    public MotionConfig resolve() {
        if (Boolean.FALSE.equals(enabled)) {
            return null;
        }
        MotionConfig d = MotionConfig.defaults();
        if (confirmInterval != null && !(confirmInterval >= 0 && confirmInterval <= 3600)) {
            throw new IllegalArgumentException("motion confirm_interval must be 0..3600 seconds, got " + confirmInterval);
        }
        List<double[][]> polygons = new ArrayList<>();
        for (List<List<Double>> mask : masks == null ? List.<List<List<Double>>>of() : masks) {
            double[][] points = new double[mask == null ? 0 : mask.size()][];
            for (int p = 0; p < points.length; p++) {
                List<Double> point = mask.get(p);
                points[p] = point == null || point.contains(null) ? new double[0] : point.stream().mapToDouble(Double::doubleValue).toArray();
            }
            polygons.add(points);
        }
        return new MotionConfig(
                frameHeight != null ? frameHeight : d.frameHeight(),
                threshold != null ? threshold : d.threshold(),
                contourArea != null ? contourArea : d.contourArea(),
                alpha != null ? alpha : d.alpha(),
                dilation != null ? dilation : d.dilation(),
                wholeFrameFraction != null ? wholeFrameFraction : d.wholeFrameFraction(),
                confirmInterval != null ? Duration.ofMillis(Math.round(confirmInterval * 1000)) : d.confirmInterval(),
                polygons,
                regions != null ? regions : d.regions());
    }
}
