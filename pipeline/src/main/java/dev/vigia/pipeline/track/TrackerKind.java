package dev.vigia.pipeline.track;

import dev.vigia.config.UserError;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The trackers Vigía builds, each with its defaults in a commented YAML resource named after its
 * id ({@code bytetrack.yaml}) and the detector score threshold it wants.
 */
public enum TrackerKind {
    /** ByteTrack: its second association uses the low-score boxes, so the detector keeps boxes down to 0.1. */
    BYTETRACK(0.1f),
    OCSORT(0.3f),
    /** BoT-SORT associates as ByteTrack does, low-score boxes included. */
    BOTSORT(0.1f),
    SORT(0.3f),
    IOU(0.3f);

    private final float detectionScore;

    TrackerKind(float detectionScore) {
        this.detectionScore = detectionScore;
    }

    /** The name a config file, a tracker YAML's {@code tracker:} key and the command line use: {@code bytetrack}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The detector score threshold this tracker wants, unless the caller sets one. */
    public float detectionScore() {
        return detectionScore;
    }

    /**
     * The kind named {@code id}; an unknown name is one line that lists the valid ones, prefixed
     * by {@code origin} (where the name came from, a file for instance) when that is not null.
     */
    public static TrackerKind parse(String id, String origin) {
        return Arrays.stream(values()).filter(kind -> kind.id().equals(id)).findFirst().orElseThrow(() -> new UserError(
                (origin == null ? "" : origin + ": ") + "unknown tracker '" + id + "'; choose one of " + String.join(", ", ids())));
    }

    /** Every kind's id, in this order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(TrackerKind::id).toList();
    }

    @Override
    public String toString() {
        return id();
    }
}
