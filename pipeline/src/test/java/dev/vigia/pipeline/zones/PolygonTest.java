package dev.vigia.pipeline.zones;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PolygonTest {

    @Test
    void fewerThanThreePointsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Polygon.of(new double[][] {{0, 0}, {10, 0}}));
        assertTrue(e.getMessage().contains("at least 3 points"), e.getMessage());
    }

    @Test
    void aPolygonOfMorePointsThanTheLimitIsRefusedBeforeItsEdgesAreCompared() {
        // Convex polygons, valid in every other way.
        int count = Polygon.MAX_POINTS * 20;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Polygon.of(circle(count)));
        assertTrue(e.getMessage().contains("at most " + Polygon.MAX_POINTS + " points, got " + count), e.getMessage());
        assertTrue(Polygon.of(circle(Polygon.MAX_POINTS)).contains(1000, 1000), "a polygon at the limit is built");
    }

    /** {@code count} points on a circle of radius 900 around (1000, 1000). */
    private static double[][] circle(int count) {
        double[][] points = new double[count][];
        for (int i = 0; i < count; i++) {
            double angle = 2 * Math.PI * i / count;
            points[i] = new double[] {1000 + 900 * Math.cos(angle), 1000 + 900 * Math.sin(angle)};
        }
        return points;
    }

    @Test
    void aSelfIntersectingPolygonIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Polygon.of(new double[][] {{0, 0}, {10, 10}, {10, 0}, {0, 10}}));
        assertTrue(e.getMessage().contains("intersects itself"), e.getMessage());
    }

    @Test
    void pointsOnOneLineAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Polygon.of(new double[][] {{0, 0}, {5, 5}, {10, 10}}));
        assertTrue(e.getMessage().contains("no area"), e.getMessage());
    }

    @Test
    void containsTheInsideAndTheEdgesOfAConcavePolygon() {
        // An L: the square (0,0)-(20,20) without its top-right quarter (10..20, 0..10).
        Polygon l = Polygon.of(new double[][] {{0, 0}, {10, 0}, {10, 10}, {20, 10}, {20, 20}, {0, 20}});
        assertTrue(l.contains(5, 5));
        assertTrue(l.contains(15, 15));
        assertFalse(l.contains(15, 5), "the cut-out corner");
        assertTrue(l.contains(10, 5), "an edge counts as inside");
        assertTrue(l.contains(0, 20), "so does a corner");
        assertFalse(l.contains(21, 15));
    }

    @Test
    void normalisedPointsScaleToTheFrame() {
        double[][] points = {{0, 0}, {0.5, 0}, {0.5, 1}};
        assertTrue(Polygon.normalised(points));
        Polygon scaled = Polygon.of(points).scaled(768, 576);
        assertTrue(scaled.contains(380, 570));
        assertFalse(scaled.contains(390, 10));
        assertFalse(Polygon.normalised(new double[][] {{0, 0}, {2, 0}, {0, 1}}));
    }
}
