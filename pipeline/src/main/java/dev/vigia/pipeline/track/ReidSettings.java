package dev.vigia.pipeline.track;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import java.util.List;

/**
 * Appearance re-identification for ByteTrack and BoT-SORT, as the BoT-SORT paper fuses it: a pair
 * whose IoU distance passes {@code proximity_thresh} and whose appearance distance passes
 * {@code appearance_thresh} costs the smaller of the two; a confident box nobody took is matched,
 * by appearance alone under {@code reentry_thresh}, to the tracks lost in the last
 * {@code reid_memory} seconds before it starts a new track, and a young track whose whole views
 * clearly look like one of those tracks takes its id (see {@code ByteTracker}). Beyond the paper:
 * when a box the track overlaps looks like it (within {@code appearance_thresh}), a box that looks
 * farther from it by more than {@code veto_margin} is refused to it, so that two people who meet
 * and turn back keep their ids. Distances
 * are BoT-SORT's: (1 - cosine similarity) / 2.
 */
public record ReidSettings(boolean reid, double reidMemory, double proximityThresh, double appearanceThresh, double reentryThresh,
        double vetoMargin) {

    static final List<String> KEYS = List.of("reid", "reid_memory", "proximity_thresh", "appearance_thresh", "reentry_thresh",
            "veto_margin");

    public ReidSettings {
        if (!(reidMemory >= 0 && reidMemory <= 3600) || !(proximityThresh > 0 && proximityThresh <= 1)
                || !(appearanceThresh >= 0 && appearanceThresh <= 1) || !(reentryThresh >= 0 && reentryThresh <= 1)
                || !(vetoMargin >= 0 && vetoMargin <= 1)) {
            throw new UserError("ReID settings out of range: reid_memory in [0, 3600] seconds, proximity_thresh in (0, 1], "
                    + "appearance_thresh, reentry_thresh and veto_margin in [0, 1]");
        }
    }

    public static ReidSettings off() {
        return new ReidSettings(false, 0, 0.5, 0.25, 0.1, 1);
    }

    /** Takes the ReID keys out of a tracker's settings (they are shared by the trackers that have them) and reads them. */
    static ReidSettings takeFrom(ObjectNode settings, String origin) {
        ObjectNode reidNode = settings.objectNode();
        for (String key : KEYS) {
            if (settings.has(key)) {
                reidNode.set(key, settings.remove(key));
            }
        }
        if (reidNode.isEmpty()) {
            return off();
        }
        return YamlConfig.convert(reidNode, origin, ReidSettings.class);
    }
}
