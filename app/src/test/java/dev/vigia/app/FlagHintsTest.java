package dev.vigia.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** The command line's own words on the library's neutral setting errors. */
class FlagHintsTest {

    @Test
    void eachSettingGetsItsFlagAndTheValueItNeeds() {
        assertEquals("The model in m.json is not in the catalog, so its family is needed; import it with --family nanodet|yolo",
                FlagHints.message(new InvalidSettingException("family", "nanodet|yolo", "The model in m.json is not in the catalog, so its family is needed")));
        assertEquals("The name 'selfie' of s.json is a catalog model's id; pass --id selfie to install these files as the catalog's selfie, or another --id to keep both",
                FlagHints.message(new InvalidSettingException("id_of_catalog_model", "selfie", "The name 'selfie' of s.json is a catalog model's id")));
        assertEquals("YOLO labels are normalised to each image, so the images are needed; give them with --images DIR",
                FlagHints.message(new InvalidSettingException("images", "YOLO labels are normalised to each image, so the images are needed")));
        assertEquals("Port 5050 on 127.0.0.1 is in use by another program; choose another with --port",
                FlagHints.message(new InvalidSettingException("port", "5050", "Port 5050 on 127.0.0.1 is in use by another program")));
        assertEquals("A setting without a flag keeps its message", FlagHints.message(new InvalidSettingException("nothing", "A setting without a flag keeps its message")));
    }
}
