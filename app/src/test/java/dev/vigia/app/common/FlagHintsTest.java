package dev.vigia.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import org.junit.jupiter.api.Test;

/** The command line's own words on the library's neutral setting errors. */
class FlagHintsTest {

    @Test
    void eachSettingGetsItsFlagAndTheValueItNeeds() {
        assertEquals("The model in m.json is not in the catalog, so its family is needed; import it with --family nanodet|yolo",
                FlagHints.message(new InvalidSettingException(Setting.FAMILY, "nanodet|yolo", "The model in m.json is not in the catalog, so its family is needed")));
        assertEquals("The name 'selfie' of s.json is a catalog model's id; pass --id selfie to install these files as the catalog's selfie, or another --id to keep both",
                FlagHints.message(new InvalidSettingException(Setting.ID_OF_CATALOG_MODEL, "selfie", "The name 'selfie' of s.json is a catalog model's id")));
        assertEquals("YOLO labels are normalised to each image, so the images are needed; give them with --images DIR",
                FlagHints.message(new InvalidSettingException(Setting.IMAGES, "YOLO labels are normalised to each image, so the images are needed")));
        assertEquals("Port 5050 on 127.0.0.1 is in use by another program; choose another with --port",
                FlagHints.message(new InvalidSettingException(Setting.PORT, "5050", "Port 5050 on 127.0.0.1 is in use by another program")));
        assertEquals("Unknown model 'yolov99'; known models: nanodet (or a model you import); import one with 'vigia models import PATH'",
                FlagHints.message(new InvalidSettingException(Setting.MODEL_IMPORT, "yolov99", "Unknown model 'yolov99'; known models: nanodet (or a model you import)")));
        assertEquals("No webcam found; plug one in, or read a file or stream instead; check --source (or 'sources:' in --config)",
                FlagHints.message(new InvalidSettingException(Setting.SOURCE, "webcam", "No webcam found; plug one in, or read a file or stream instead")));
        assertEquals("A setting without a flag keeps its message", FlagHints.message(new InvalidSettingException(Setting.SCALE, "A setting without a flag keeps its message")));
    }

    @Test
    void aRangeErrorNamesTheFlagWhereTheLibraryNamedTheSetting() {
        assertEquals("--trials must be 1 to 500, got 0", FlagHints.message(new InvalidSettingException(Setting.TRIALS, "trials must be 1 to 500, got 0")));
        assertEquals("--frames must be at least 10, got 5", FlagHints.message(new InvalidSettingException(Setting.FRAMES, "frames must be at least 10, got 5")));
        assertEquals("--classes cat: not a class of nanodet; its classes include person", FlagHints.message(
                new InvalidSettingException(Setting.CLASSES, "cat", "classes cat: not a class of nanodet; its classes include person")));
        assertEquals("A frame count the flag does not start", FlagHints.message(new InvalidSettingException(Setting.FRAMES, "A frame count the flag does not start")));
        assertEquals("--detect-workers must be between 1 and 16, got 17",
                FlagHints.message(new InvalidSettingException(Setting.DETECT_WORKERS, "detect_workers must be between 1 and 16, got 17")));
        assertEquals("Detection workers must be 1 to 16, got 17; set --detect-workers",
                FlagHints.message(new InvalidSettingException(Setting.DETECT_WORKERS, "Detection workers must be 1 to 16, got 17")));
        assertEquals("--connect-timeout 'soon' is not a duration; write it like 30s, 2m, 1h or 500ms",
                FlagHints.message(new InvalidSettingException(Setting.CONNECT_TIMEOUT, "connect_timeout 'soon' is not a duration; write it like 30s, 2m, 1h or 500ms")));
        assertEquals("ring_size must be a power of 2 (2, 4, 8, 16...), got 3",
                FlagHints.message(new InvalidSettingException(Setting.RING_SIZE, "ring_size must be a power of 2 (2, 4, 8, 16...), got 3")));
        assertEquals("The ring size must be a power of 2, got 3; set ring_size in --config",
                FlagHints.message(new InvalidSettingException(Setting.RING_SIZE, "The ring size must be a power of 2, got 3")));
    }
}
