package dev.vigia.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a model's JSON file; a missing or malformed file is a one-line error naming it. */
public final class JsonFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFiles() {}

    public static JsonNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError("Model file " + file + " does not exist");
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.isMissingNode()) {
                throw new UserError(file + " is empty; pull or import the model again");
            }
            return root;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UserError(file + " is not valid JSON (" + e.getOriginalMessage() + "); pull or import the model again");
        }
    }
}
