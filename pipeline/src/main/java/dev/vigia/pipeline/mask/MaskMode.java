package dev.vigia.pipeline.mask;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import java.util.Locale;

/** Where tracked objects' masks come from. */
public enum MaskMode {
    /** No masks. */
    OFF,
    /** The detector's own instance masks (Mask R-CNN {@code detection_masks}). */
    INSTANCE,
    /** A person segmenter run on each tracked person's box. */
    PERSON,
    /** Video matting of the whole frame (its recurrent state carried per source), cut to each person's box. */
    MATTING;

    public static MaskMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(Setting.MASKS, text, "Unknown mask mode '" + text + "'; use off, instance, person or matting");
        }
    }
}
