package dev.vigia.pipeline.scenes;

/**
 * How tall a standing person is, in pixels, with their feet at image row {@code footY}: a straight
 * line fitted to the people of the source video (a flat ground seen by a fixed camera gives such a
 * line). {@code nearestFootY}/{@code farthestFootY} bound where people were seen walking.
 */
public record Perspective(double slope, double intercept, double farthestFootY, double nearestFootY) {

    /** The smallest height a scripted person may get (far away, or an extrapolated line). */
    static final double MIN_HEIGHT = 24;

    public double heightAt(double footY) {
        return Math.max(MIN_HEIGHT, slope * footY + intercept);
    }

    /**
     * Least squares over (foot row, box height) pairs.
     *
     * @throws IllegalArgumentException with fewer than two distinct foot rows
     */
    public static Perspective fit(double[] footYs, double[] heights, int count) {
        double sy = 0;
        double sh = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            sy += footYs[i];
            sh += heights[i];
            min = Math.min(min, footYs[i]);
            max = Math.max(max, footYs[i]);
        }
        if (count < 2 || max - min < 1) {
            throw new IllegalArgumentException("a perspective needs people seen at two or more distances, got " + count + " observations");
        }
        double meanY = sy / count;
        double meanH = sh / count;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < count; i++) {
            covariance += (footYs[i] - meanY) * (heights[i] - meanH);
            variance += (footYs[i] - meanY) * (footYs[i] - meanY);
        }
        double slope = covariance / variance;
        return new Perspective(slope, meanH - slope * meanY, min, max);
    }
}
