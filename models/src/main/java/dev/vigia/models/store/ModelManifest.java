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
 * from, and a SHA-256 of every file of its SavedModel, checked before each use.
 */
record ModelManifest(ModelSpec spec, String source, String installedAt, Map<String, String> files) {

    static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    void write(Path folder) throws IOException {
        JSON.writeValue(folder.resolve(FILE_NAME).toFile(), this);
    }

    static ModelManifest read(Path folder) throws IOException {
        return JSON.readValue(folder.resolve(FILE_NAME).toFile(), ModelManifest.class);
    }
}
