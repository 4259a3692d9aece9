package dev.vigia.pipeline.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import dev.vigia.pipeline.track.reid.ColorStripeEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates trackers by name or from a YAML file. Each tracker's defaults live in its commented
 * YAML resource ({@code bytetrack.yaml}, {@code sort.yaml}, {@code iou.yaml}); {@code key=value}
 * overrides use the reference implementations' parameter names.
 */
public final class Trackers {

    public static final String DEFAULT = "bytetrack";

    private Trackers() {}

    public static List<String> names() {
        return List.of("bytetrack", "ocsort", "botsort", "sort", "iou");
    }

    /** A tracker by name, or from a YAML file whose {@code tracker:} key names it and whose other keys override its defaults. */
    public static Tracker create(String nameOrFile, Map<String, String> overrides) {
        ObjectNode settings = settings(nameOrFile, overrides);
        String origin = nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") ? nameOrFile : "tracker '" + nameOrFile + "'";
        String name = settings.get("tracker").asText();
        settings.remove("tracker");
        ReidSettings reid = ReidSettings.takeFrom(settings, origin);
        return switch (name) {
            case "iou" -> new IouTracker(YamlConfig.convert(settings, origin, IouTracker.Settings.class));
            case "sort" -> new SortTracker(YamlConfig.convert(settings, origin, SortTracker.Settings.class));
            case "bytetrack" -> new ByteTracker(YamlConfig.convert(settings, origin, ByteTracker.Settings.class), CameraMotion.NONE,
                    "bytetrack", reid, new ColorStripeEmbedder());
            case "ocsort" -> new OcSortTracker(YamlConfig.convert(settings, origin, OcSortTracker.Settings.class));
            case "botsort" -> BotSort.create(YamlConfig.convert(settings, origin, BotSort.Settings.class), reid);
            default -> throw new IllegalStateException("unreachable: " + name);
        };
    }

    /**
     * Every setting of the tracker {@link #create} would build, {@code tracker:} key first: its
     * defaults, then the file's keys, then {@code overrides} (values as given, text).
     */
    public static ObjectNode settings(String nameOrFile, Map<String, String> overrides) {
        ObjectNode settings;
        String origin;
        if (nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml")) {
            Path file = Path.of(nameOrFile);
            if (!Files.isRegularFile(file)) {
                throw new UserError("Tracker file " + file + " does not exist");
            }
            JsonNode fromFile = YamlConfig.read(file, JsonNode.class);
            String name = fromFile.path("tracker").asText("");
            settings = defaults(name, file.toString());
            origin = file.toString();
            var fields = fromFile.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                requireKnown(settings, field.getKey(), origin);
                settings.set(field.getKey(), field.getValue());
            }
        } else {
            settings = defaults(nameOrFile, null);
            origin = "tracker '" + nameOrFile + "'";
        }
        if (overrides != null) {
            for (Map.Entry<String, String> override : overrides.entrySet()) {
                requireKnown(settings, override.getKey(), origin);
                settings.put(override.getKey(), override.getValue());
            }
        }
        return settings;
    }

    /** The detector score threshold a tracker wants: ByteTrack needs the low boxes its second association uses. */
    public static float detectionScore(String nameOrFile) {
        return nameOrFile.startsWith("bytetrack") || nameOrFile.startsWith("botsort") ? 0.1f : 0.3f;
    }

    /** A tracker's defaults as its YAML resource states them, {@code tracker:} key included; {@code origin} (or null) names where the name came from. */
    static ObjectNode defaults(String name, String origin) {
        if (!names().contains(name)) {
            throw new UserError((origin == null ? "" : origin + ": ") + "unknown tracker '" + name + "'; choose one of "
                    + String.join(", ", names()));
        }
        String resource = name + ".yaml";
        try (InputStream in = Trackers.class.getResourceAsStream(resource)) {
            return (ObjectNode) YamlConfig.read(in, resource, JsonNode.class);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the tracker defaults " + resource, e);
        }
    }

    private static void requireKnown(ObjectNode settings, String key, String origin) {
        if (!settings.has(key)) {
            List<String> valid = new ArrayList<>();
            settings.fieldNames().forEachRemaining(valid::add);
            valid.remove("tracker");
            throw new UserError(origin + " has no parameter '" + key + "'; valid: " + String.join(", ", valid));
        }
    }
}
