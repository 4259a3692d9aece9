package dev.vigia.models.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigia.models.catalog.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the cache knows of an installed model: the spec it was installed with, where it came
 * from, a SHA-256 of every file of its SavedModel (checked before each use) and, for a catalog
 * model, a digest of the catalog entry it was pulled with, so an entry pulled before the catalog
 * changed is pulled again rather than used with settings the catalog no longer has.
 */
record ModelManifest(ModelSpec spec, String source, String installedAt, Map<String, String> files, String catalogDigest) {

    static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    void write(Path folder) throws IOException {
        JSON.writeValue(folder.resolve(FILE_NAME).toFile(), this);
    }

    /** SHA-256 of a spec's JSON form. */
    static String digest(ModelSpec spec) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(spec)));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot digest the spec of " + spec.id(), e);
        }
    }

    static ModelManifest read(Path folder) throws IOException {
        return JSON.readValue(folder.resolve(FILE_NAME).toFile(), ModelManifest.class);
    }
}
