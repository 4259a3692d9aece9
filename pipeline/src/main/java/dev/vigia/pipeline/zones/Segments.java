package dev.vigia.pipeline.zones;

/** Plane geometry on segments, exact for the integer and near-integer pixel coordinates zones use. */
final class Segments {

    private Segments() {}

    /** (B - A) x (P - A): positive on one side of the line through A and B, negative on the other, 0 on it. */
    static double cross(double ax, double ay, double bx, double by, double px, double py) {
        return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
    }

    /** Whether P lies on the closed segment AB. */
    static boolean onSegment(double ax, double ay, double bx, double by, double px, double py) {
        return cross(ax, ay, bx, by, px, py) == 0
                && px >= Math.min(ax, bx) && px <= Math.max(ax, bx)
                && py >= Math.min(ay, by) && py <= Math.max(ay, by);
    }

    /** Whether the closed segments PQ and AB share a point (touching counts). */
    static boolean intersect(double px, double py, double qx, double qy, double ax, double ay, double bx, double by) {
        double d1 = Math.signum(cross(ax, ay, bx, by, px, py));
        double d2 = Math.signum(cross(ax, ay, bx, by, qx, qy));
        double d3 = Math.signum(cross(px, py, qx, qy, ax, ay));
        double d4 = Math.signum(cross(px, py, qx, qy, bx, by));
        if (d1 * d2 < 0 && d3 * d4 < 0) {
            return true;
        }
        return (d1 == 0 && onSegment(ax, ay, bx, by, px, py))
                || (d2 == 0 && onSegment(ax, ay, bx, by, qx, qy))
                || (d3 == 0 && onSegment(px, py, qx, qy, ax, ay))
                || (d4 == 0 && onSegment(px, py, qx, qy, bx, by));
    }
}
