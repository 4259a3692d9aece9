package dev.vigia.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Reads a commented YAML file into a typed record. Unknown keys are errors that name the file,
 * the key and the nearest valid key; type errors name the file, the key and the value.
 */
public final class YamlConfig {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private YamlConfig() {}

    public static ObjectMapper mapper() {
        return YAML;
    }

    /** Converts an already parsed YAML subtree (say, one model's {@code head}) into its typed record. */
    public static <T> T convert(com.fasterxml.jackson.databind.JsonNode node, String origin, Class<T> type) {
        try {
            return YAML.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw new UserError(origin + ": unknown key '" + keyPath(e) + "'"
                    + nearest(e.getPropertyName(), e.getKnownPropertyIds()));
        } catch (JsonMappingException e) {
            throw new UserError(origin + ": bad value for '" + keyPath(e) + "': " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new UserError(origin + ": " + e.getOriginalMessage());
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("Config file " + file + " does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), type);
        } catch (IOException e) {
            throw new UserError("Cannot read config file " + file + ": " + e.getMessage());
        }
    }

    /** Reads from a stream; {@code origin} names it in error messages (a path or a resource name). */
    public static <T> T read(InputStream in, String origin, Class<T> type) {
        try {
            T value = YAML.readValue(in, type);
            if (value == null) {
                throw new UserError(origin + " is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new UserError(origin + ": unknown key '" + keyPath(e) + "'"
                    + nearest(e.getPropertyName(), e.getKnownPropertyIds()));
        } catch (JsonMappingException e) {
            throw new UserError(origin + ": bad value for '" + keyPath(e) + "': " + e.getOriginalMessage()
                    + location(e));
        } catch (JacksonException e) {
            throw new UserError(origin + " is not valid YAML: " + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw new UserError("Cannot read " + origin + ": " + e.getMessage());
        }
    }

    private static String keyPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static String nearest(String key, Collection<Object> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object candidate : known) {
            int distance = editDistance(key, candidate.toString());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate.toString();
            }
        }
        String valid = known.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
        return best == null ? "" : "; did you mean '" + best + "'? Valid keys: " + valid;
    }

    /** Levenshtein distance; keys are short, so the quadratic table is fine. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
