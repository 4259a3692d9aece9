package dev.vigia.pipeline.zones;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines and zones of a scene with the counting settings, as plain values: each call to
 * {@link #newScene} gives fresh counters, so the same layout can count several track sets (ground
 * truth and a tracker's output) independently.
 */
public record CountingLayout(List<Line> lines, List<Zone> zones, Anchor anchor, int minFrames, int inertia) {

    /** A counting line from A to B in pixels; crossing to the positive side of (B − A) × (P − A) is "in". */
    public record Line(String name, double ax, double ay, double bx, double by) {}

    /** A zone polygon in pixels. */
    public record Zone(String name, Polygon polygon) {}

    /** The most characters a line or zone description may have (a zone of {@link Polygon#MAX_POINTS} points fits). */
    static final int MAX_TEXT = 16_384;

    /** @throws IllegalArgumentException naming what is wrong: no line or zone, an unknown anchor, a count below 1 */
    public CountingLayout {
        lines = List.copyOf(lines);
        zones = List.copyOf(zones);
        if (lines.isEmpty() && zones.isEmpty()) {
            throw new IllegalArgumentException("nothing to count: give at least one line or zone");
        }
        if (anchor == null) {
            throw new IllegalArgumentException("no anchor");
        }
        if (minFrames < 1 || inertia < 1) {
            throw new IllegalArgumentException("min_frames and inertia must be 1 or more, got " + minFrames + " and " + inertia);
        }
    }

    /** Fresh counters for every line and zone, counting every class. */
    public SceneCounter newScene(SceneListener listener) {
        List<LineCounter> lineCounters = new ArrayList<>();
        for (Line line : lines) {
            lineCounters.add(new LineCounter(line.name(), line.ax(), line.ay(), line.bx(), line.by(), minFrames, anchor, c -> true));
        }
        List<ZoneCounter> zoneCounters = new ArrayList<>();
        for (Zone zone : zones) {
            zoneCounters.add(new ZoneCounter(zone.name(), zone.polygon(), anchor, inertia, 0, c -> true));
        }
        return new SceneCounter(lineCounters, zoneCounters, listener);
    }

    /**
     * {@code NAME=x1,y1,x2,y2}, the form {@code vigia count} and {@code vigia eval count} take.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static Line parseLine(String text) {
        String name = name(text);
        double[] p = numbers(text);
        if (p.length != 4) {
            throw new IllegalArgumentException("a line is NAME=x1,y1,x2,y2 (4 numbers), got " + p.length);
        }
        if (p[0] == p[2] && p[1] == p[3]) {
            throw new IllegalArgumentException("a line needs two different points; this one has zero length");
        }
        return new Line(name, p[0], p[1], p[2], p[3]);
    }

    /**
     * {@code NAME=x1,y1,x2,y2,x3,y3,...}, pixels.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static Zone parseZone(String text) {
        String name = name(text);
        double[] v = numbers(text);
        if (v.length % 2 != 0) {
            throw new IllegalArgumentException("a zone is NAME=x1,y1,x2,y2,x3,y3,... (pairs), got " + v.length + " numbers");
        }
        double[][] points = new double[v.length / 2][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {v[2 * i], v[2 * i + 1]};
        }
        return new Zone(name, Polygon.of(points));
    }

    private static String name(String text) {
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("longer than " + MAX_TEXT + " characters");
        }
        int eq = text.indexOf('=');
        if (eq <= 0 || text.substring(0, eq).isBlank()) {
            throw new IllegalArgumentException("give it a name, as NAME=x1,y1,...");
        }
        return text.substring(0, eq).strip();
    }

    private static double[] numbers(String text) {
        String[] fields = text.substring(text.indexOf('=') + 1).split(",");
        double[] values = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
            try {
                values[i] = Double.parseDouble(fields[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + fields[i] + "' is not a number");
            }
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("'" + fields[i] + "' is not a finite number");
            }
        }
        return values;
    }
}
