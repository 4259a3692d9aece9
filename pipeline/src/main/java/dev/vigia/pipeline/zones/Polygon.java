package dev.vigia.pipeline.zones;

import java.util.Arrays;

/**
 * A simple polygon in pixels (a zone or an ignore mask). Built only from points that make one: at
 * least three, no two edges crossing, a non-zero area. A point on an edge counts as inside.
 */
public final class Polygon {

    /**
     * The most points a polygon may have. Checking that no two edges cross compares every pair,
     * so its cost grows with the square of the points: bounded here, a polygon from an untrusted
     * source (a Kafka record) cannot hold a worker for minutes. A hand-drawn zone has a few dozen.
     */
    public static final int MAX_POINTS = 256;

    private final double[] xs;
    private final double[] ys;
    private final double minX;
    private final double minY;
    private final double maxX;
    private final double maxY;

    private Polygon(double[] xs, double[] ys) {
        this.xs = xs;
        this.ys = ys;
        this.minX = Arrays.stream(xs).min().orElse(0);
        this.maxX = Arrays.stream(xs).max().orElse(0);
        this.minY = Arrays.stream(ys).min().orElse(0);
        this.maxY = Arrays.stream(ys).max().orElse(0);
    }

    /**
     * The polygon through {@code points} ({@code [[x, y], ...]}), or an {@link IllegalArgumentException}
     * whose message says what is wrong with them.
     */
    public static Polygon of(double[][] points) {
        if (points == null || points.length < 3) {
            throw new IllegalArgumentException("a zone needs at least 3 points, got " + (points == null ? 0 : points.length));
        }
        if (points.length > MAX_POINTS) {
            throw new IllegalArgumentException("a zone has at most " + MAX_POINTS + " points, got " + points.length);
        }
        double[] xs = new double[points.length];
        double[] ys = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            if (points[i] == null || points[i].length != 2) {
                throw new IllegalArgumentException("point " + i + " must be [x, y]");
            }
            xs[i] = points[i][0];
            ys[i] = points[i][1];
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i]) || xs[i] < 0 || ys[i] < 0) {
                throw new IllegalArgumentException("point " + i + " must have finite coordinates of 0 or more");
            }
        }
        int n = points.length;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean adjacent = j == i + 1 || (i == 0 && j == n - 1);
                if (!adjacent && Segments.intersect(xs[i], ys[i], xs[(i + 1) % n], ys[(i + 1) % n],
                        xs[j], ys[j], xs[(j + 1) % n], ys[(j + 1) % n])) {
                    throw new IllegalArgumentException("edges " + i + " and " + j + " cross; the polygon intersects itself");
                }
            }
        }
        Polygon polygon = new Polygon(xs, ys);
        if (Math.abs(polygon.signedArea()) < 1e-9) {
            throw new IllegalArgumentException("its points enclose no area");
        }
        return polygon;
    }

    /** Whether every coordinate lies in 0..1, which the config reads as fractions of the frame. */
    public static boolean normalised(double[][] points) {
        for (double[] p : points) {
            for (double v : p) {
                if (v > 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** This polygon with x scaled by {@code width} and y by {@code height}. */
    public Polygon scaled(double width, double height) {
        double[] sx = new double[xs.length];
        double[] sy = new double[ys.length];
        for (int i = 0; i < xs.length; i++) {
            sx[i] = xs[i] * width;
            sy[i] = ys[i] * height;
        }
        return new Polygon(sx, sy);
    }

    public boolean contains(double x, double y) {
        if (x < minX || x > maxX || y < minY || y > maxY) {
            return false;
        }
        boolean inside = false;
        int n = xs.length;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            if (Segments.onSegment(xs[j], ys[j], xs[i], ys[i], x, y)) {
                return true;
            }
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                inside = !inside;
            }
        }
        return inside;
    }

    public int size() {
        return xs.length;
    }

    public double x(int i) {
        return xs[i];
    }

    public double y(int i) {
        return ys[i];
    }

    private double signedArea() {
        double sum = 0;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            sum += xs[j] * ys[i] - xs[i] * ys[j];
        }
        return sum / 2;
    }
}
