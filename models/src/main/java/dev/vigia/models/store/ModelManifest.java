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

    /**
     * Raised whenever conversion changes what it writes for the same catalog entry, so models
     * converted before are converted again on first use. 2: graphs Vigía builds take a free batch dimension.
     */
    static final int CONVERSION_VERSION = 2;

    /** SHA-256 of a spec's JSON form and the conversion version. */
    static String digest(ModelSpec spec) {
        try {
            var sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(JSON.writeValueAsBytes(spec));
            sha.update(("conversion " + CONVERSION_VERSION).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot digest the spec of " + spec.id(), e);
        }
    }

    static ModelManifest read(Path folder) throws IOException {
        return JSON.readValue(folder.resolve(FILE_NAME).toFile(), ModelManifest.class);
    }
}
