package dev.vigia.pipeline.zones;

import java.util.Locale;

/** The point of a box that decides which side of a line, or which zone, an object is in. */
public enum Anchor {
    /** Where a walking person or a driving car touches the ground: the usual choice for floors and roads. */
    BOTTOM_CENTER,
    /** The middle of the box: for objects seen from above. */
    CENTER;

    public double x(double x1, double y1, double x2, double y2) {
        return (x1 + x2) / 2;
    }

    public double y(double x1, double y1, double x2, double y2) {
        return this == BOTTOM_CENTER ? y2 : (y1 + y2) / 2;
    }

    /** {@code bottom_center} or {@code center}; null for anything else. */
    public static Anchor parse(String text) {
        for (Anchor anchor : values()) {
            if (anchor.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
                return anchor;
            }
        }
        return null;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
