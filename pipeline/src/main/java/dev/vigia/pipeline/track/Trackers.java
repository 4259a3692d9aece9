package dev.vigia.pipeline.track;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Creates trackers by name or from a YAML file: the text forms a config file or the command line
 * gives, parsed through {@link TrackerSpec}. Each tracker's defaults live in its commented YAML
 * resource ({@code bytetrack.yaml}, {@code sort.yaml}, {@code iou.yaml}); {@code key=value}
 * overrides use the reference implementations' parameter names.
 */
public final class Trackers {

    public static final String DEFAULT = "bytetrack";

    private Trackers() {}

    public static List<String> names() {
        return TrackerKind.ids();
    }

    /** A tracker by name, or from a YAML file whose {@code tracker:} key names it and whose other keys override its defaults. */
    public static Tracker create(String nameOrFile, Map<String, String> overrides) {
        return TrackerSpec.parse(nameOrFile, overrides).get();
    }

    /**
     * Every setting of the tracker {@link #create} would build, {@code tracker:} key first: its
     * defaults, then the file's keys, then {@code overrides} (values as given, text).
     */
    public static ObjectNode settings(String nameOrFile, Map<String, String> overrides) {
        return TrackerSpec.parse(nameOrFile, overrides).settings();
    }

    /**
     * The detector score threshold the tracker named (or described by the YAML file) wants:
     * ByteTrack and BoT-SORT need the low boxes their second association uses.
     */
    public static float detectionScore(String nameOrFile) {
        return TrackerSpec.parse(nameOrFile, Map.of()).detectionScore();
    }
}
