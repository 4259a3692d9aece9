package dev.vigia.pipeline.zones;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Who is in one zone. A track starts outside; it is inside ({@code entered} + 1) after
 * {@code inertia} consecutive observations with its anchor in the polygon, and outside again
 * ({@code exited} + 1) after {@code inertia} consecutive observations out of it; a track that ends
 * inside has not exited. Occupancy is the number of tracks observed in the current frame whose
 * state is inside (per class too); {@code maxOccupancy} is its largest value over frames. A track
 * inside for {@code loiteringSeconds} is reported loitering once per stay.
 */
public final class ZoneCounter {

    public enum Change { ENTERED, EXITED, LOITERING }

    private static final class Presence {
        boolean inside;
        int streak;
        double enteredAt;
        boolean loiteringReported;
    }

    private final String name;
    private final Polygon polygon;
    private final Anchor anchor;
    private final int inertia;
    private final double loiteringSeconds;
    private final IntPredicate classes;
    private final Map<Integer, Presence> tracks = new HashMap<>();
    private final Map<Integer, Integer> occupancyByClass = new TreeMap<>();
    private final Map<Integer, Integer> lastOccupancyByClass = new TreeMap<>();
    private int occupancy;
    private int lastOccupancy;
    private int maxOccupancy;
    private long entered;
    private long exited;

    /** @param loiteringSeconds 0 for no loitering reports */
    public ZoneCounter(String name, Polygon polygon, Anchor anchor, int inertia, double loiteringSeconds, IntPredicate classes) {
        if (inertia < 1) {
            throw new IllegalArgumentException("inertia must be 1 or more frames, got " + inertia);
        }
        if (!(loiteringSeconds >= 0)) {
            throw new IllegalArgumentException("loitering_time must be 0 (off) or more seconds, got " + loiteringSeconds);
        }
        this.name = name;
        this.polygon = polygon;
        this.anchor = anchor;
        this.inertia = inertia;
        this.loiteringSeconds = loiteringSeconds;
        this.classes = classes;
    }

    /** Starts a frame: occupancy counts the tracks observed from here to {@link #endFrame}. */
    public void beginFrame() {
        occupancy = 0;
        occupancyByClass.clear();
    }

    /** One observation of a track at {@code timeSeconds}; what changed for it, or null. */
    public Change observe(int trackId, int classId, double x1, double y1, double x2, double y2, double timeSeconds) {
        if (!classes.test(classId)) {
            return null;
        }
        boolean in = polygon.contains(anchor.x(x1, y1, x2, y2), anchor.y(x1, y1, x2, y2));
        Presence track = tracks.computeIfAbsent(trackId, id -> new Presence());
        Change change = null;
        if (in == track.inside) {
            track.streak = 0;
        } else if (++track.streak >= inertia) {
            track.inside = in;
            track.streak = 0;
            if (in) {
                entered++;
                track.enteredAt = timeSeconds;
                track.loiteringReported = false;
                change = Change.ENTERED;
            } else {
                exited++;
                change = Change.EXITED;
            }
        }
        if (track.inside) {
            occupancy++;
            occupancyByClass.merge(classId, 1, Integer::sum);
            if (change == null && loiteringSeconds > 0 && !track.loiteringReported
                    && timeSeconds - track.enteredAt >= loiteringSeconds) {
                track.loiteringReported = true;
                change = Change.LOITERING;
            }
        }
        return change;
    }

    public void endFrame() {
        maxOccupancy = Math.max(maxOccupancy, occupancy);
        lastOccupancy = occupancy;
        lastOccupancyByClass.clear();
        lastOccupancyByClass.putAll(occupancyByClass);
    }

    /** Whether a track's state is inside. */
    public boolean inside(int trackId) {
        Presence track = tracks.get(trackId);
        return track != null && track.inside;
    }

    public void forget(int trackId) {
        tracks.remove(trackId);
    }

    public String name() {
        return name;
    }

    public Polygon polygon() {
        return polygon;
    }

    public long entered() {
        return entered;
    }

    public long exited() {
        return exited;
    }

    public int maxOccupancy() {
        return maxOccupancy;
    }

    /** Occupancy of the last finished frame. */
    public int occupancy() {
        return lastOccupancy;
    }

    /** Occupancy of the last finished frame per class id. */
    public Map<Integer, Integer> occupancyByClass() {
        return new TreeMap<>(lastOccupancyByClass);
    }
}
