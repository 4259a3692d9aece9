package dev.vigia.models.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A model's source as manifests store it, written by this release and by 0.1. */
class ModelSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void roundTripsWithThePackageNameAndNoFlag() throws Exception {
        ModelSource npm = new ModelSource("@vladmandic/face-api", "1.7.15", null, "model/x.json", null);
        String written = JSON.writeValueAsString(npm);
        assertFalse(written.contains("fromNpm"), written);
        assertEquals(npm, JSON.readValue(written, ModelSource.class));
        assertTrue(JSON.readValue(written, ModelSource.class).fromNpm());
    }

    @Test
    void aManifestFromVersionZeroOneWithABooleanIsALocalSource() throws Exception {
        ModelSource legacy = JSON.readValue("{\"npm\": false, \"version\": null, \"path\": null, \"local\": \"/models/mine\"}",
                ModelSource.class);
        assertFalse(legacy.fromNpm(), "an imported model must not be fetched from a package named 'false'");
        assertEquals("local /models/mine", legacy.toString());
    }
}
