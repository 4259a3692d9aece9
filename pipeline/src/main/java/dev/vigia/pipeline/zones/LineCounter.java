package dev.vigia.pipeline.zones;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Counts the tracks that cross one line, a segment from A to B, per direction and per class.
 *
 * <p>An observation's side is the sign of (B − A) × (P − A) for its anchor P; a point exactly on
 * the line keeps the side of the track's previous observation, and a track's first side is that of
 * its first observation off the line. A crossing is counted when the side changes and holds for
 * {@code minFrames} consecutive observations (against jitter), and only if the anchor's move from
 * its last observation on the old side to its first on the new side meets the segment (passing
 * beyond an end of the segment changes sides without counting). Negative to positive is
 * {@link Direction#IN}; every real crossing counts, back and forth.
 */
public final class LineCounter {

    public enum Direction {
        IN, OUT;

        public String key() {
            return this == IN ? "in" : "out";
        }
    }

    private static final class TrackSide {
        int committed;
        int previous;
        double lastX;
        double lastY;
        int pending;
        boolean pendingMeetsSegment;
    }

    private final String name;
    private final double ax;
    private final double ay;
    private final double bx;
    private final double by;
    private final int minFrames;
    private final Anchor anchor;
    private final IntPredicate classes;
    private final Map<Integer, TrackSide> tracks = new HashMap<>();
    private final Map<Integer, long[]> byClass = new TreeMap<>();
    private long in;
    private long out;

    /**
     * @param classes which class ids count (the others are ignored)
     * @throws IllegalArgumentException when A and B are the same point or {@code minFrames} is below 1
     */
    public LineCounter(String name, double ax, double ay, double bx, double by, int minFrames, Anchor anchor, IntPredicate classes) {
        if (ax == bx && ay == by) {
            throw new IllegalArgumentException("a line needs two different points; this one has zero length");
        }
        if (minFrames < 1) {
            throw new IllegalArgumentException("min_frames must be 1 or more, got " + minFrames);
        }
        this.name = name;
        this.ax = ax;
        this.ay = ay;
        this.bx = bx;
        this.by = by;
        this.minFrames = minFrames;
        this.anchor = anchor;
        this.classes = classes;
    }

    /** One observation of a track (observations of a track in frame order); the crossing it completes, or null. */
    public Direction observe(int trackId, int classId, double x1, double y1, double x2, double y2) {
        if (!classes.test(classId)) {
            return null;
        }
        double px = anchor.x(x1, y1, x2, y2);
        double py = anchor.y(x1, y1, x2, y2);
        double cross = Segments.cross(ax, ay, bx, by, px, py);
        TrackSide track = tracks.computeIfAbsent(trackId, id -> new TrackSide());
        int side = cross > 0 ? 1 : cross < 0 ? -1 : track.previous;
        if (side == 0) {
            return null;
        }
        track.previous = side;
        if (track.committed == 0 || side == track.committed) {
            track.committed = side;
            track.lastX = px;
            track.lastY = py;
            track.pending = 0;
            return null;
        }
        if (track.pending == 0) {
            track.pendingMeetsSegment = Segments.intersect(track.lastX, track.lastY, px, py, ax, ay, bx, by);
        }
        track.pending++;
        if (track.pending < minFrames) {
            return null;
        }
        Direction crossed = null;
        if (track.pendingMeetsSegment) {
            crossed = track.committed < 0 ? Direction.IN : Direction.OUT;
            long[] counts = byClass.computeIfAbsent(classId, c -> new long[2]);
            counts[crossed.ordinal()]++;
            if (crossed == Direction.IN) {
                in++;
            } else {
                out++;
            }
        }
        track.committed = side;
        track.lastX = px;
        track.lastY = py;
        track.pending = 0;
        return crossed;
    }

    /** Drops what is kept about a track that has ended. */
    public void forget(int trackId) {
        tracks.remove(trackId);
    }

    public String name() {
        return name;
    }

    public long in() {
        return in;
    }

    public long out() {
        return out;
    }

    /** Crossings per class id: {@code [in, out]}, in class order. */
    public Map<Integer, long[]> byClass() {
        Map<Integer, long[]> copy = new TreeMap<>();
        byClass.forEach((classId, counts) -> copy.put(classId, counts.clone()));
        return copy;
    }

    public double[] points() {
        return new double[] {ax, ay, bx, by};
    }
}
