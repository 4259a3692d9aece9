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
import java.util.function.Supplier;

/**
 * A tracker, typed: its kind and every one of its settings (the kind's defaults, then a YAML
 * file's keys, then overrides), each key checked against the kind's. {@link #get()} builds a
 * fresh tracker, one per stream, so a spec serves as the {@code Supplier<Tracker>} an engine takes.
 */
public final class TrackerSpec implements Supplier<Tracker> {

    private final TrackerKind kind;
    private final ObjectNode settings;
    private final String origin;

    private TrackerSpec(TrackerKind kind, ObjectNode settings, String origin) {
        this.kind = kind;
        this.settings = settings;
        this.origin = origin;
    }

    /** A tracker of this kind with its defaults. */
    public static TrackerSpec of(TrackerKind kind) {
        return of(kind, Map.of());
    }

    /** A tracker of this kind with these settings overridden (the reference implementations' names; values as text). */
    public static TrackerSpec of(TrackerKind kind, Map<String, String> overrides) {
        String origin = "tracker '" + kind.id() + "'";
        return new TrackerSpec(kind, overridden(defaults(kind), overrides, origin), origin);
    }

    /**
     * A tracker by name ({@code bytetrack}) or from a YAML file ({@code .yaml}/{@code .yml})
     * whose {@code tracker:} key names it and whose other keys override its defaults; then
     * {@code overrides}. What a config file or the command line gives, parsed here once.
     */
    public static TrackerSpec parse(String nameOrFile, Map<String, String> overrides) {
        if (!nameOrFile.endsWith(".yaml") && !nameOrFile.endsWith(".yml")) {
            String origin = "tracker '" + nameOrFile + "'";
            TrackerKind kind = TrackerKind.parse(nameOrFile, null);
            return new TrackerSpec(kind, overridden(defaults(kind), overrides, origin), origin);
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new UserError("Tracker file " + file + " does not exist");
        }
        JsonNode fromFile = YamlConfig.read(file, JsonNode.class);
        String origin = file.toString();
        TrackerKind kind = TrackerKind.parse(fromFile.path("tracker").asText(""), origin);
        ObjectNode settings = defaults(kind);
        var fields = fromFile.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            requireKnown(settings, field.getKey(), origin);
            settings.set(field.getKey(), field.getValue());
        }
        return new TrackerSpec(kind, overridden(settings, overrides, origin), nameOrFile);
    }

    public TrackerKind kind() {
        return kind;
    }

    /** The detector score threshold this tracker wants. */
    public float detectionScore() {
        return kind.detectionScore();
    }

    /** Every setting, {@code tracker:} key first (a copy). */
    public ObjectNode settings() {
        return settings.deepCopy();
    }

    /** A new tracker with these settings; a value out of range or of the wrong type is one line naming it. */
    @Override
    public Tracker get() {
        ObjectNode values = settings.deepCopy();
        values.remove("tracker");
        ReidSettings reid = ReidSettings.takeFrom(values, origin);
        return switch (kind) {
            case IOU -> new IouTracker(YamlConfig.convert(values, origin, IouTracker.Settings.class));
            case SORT -> new SortTracker(YamlConfig.convert(values, origin, SortTracker.Settings.class));
            case BYTETRACK -> new ByteTracker(YamlConfig.convert(values, origin, ByteTracker.Settings.class), CameraMotion.NONE,
                    kind.id(), reid, new ColorStripeEmbedder());
            case OCSORT -> new OcSortTracker(YamlConfig.convert(values, origin, OcSortTracker.Settings.class));
            case BOTSORT -> BotSort.create(YamlConfig.convert(values, origin, BotSort.Settings.class), reid);
        };
    }

    @Override
    public String toString() {
        return kind.id() + (origin.equals("tracker '" + kind.id() + "'") ? "" : " (" + origin + ")");
    }

    /** A kind's defaults as its YAML resource states them, {@code tracker:} key included. */
    static ObjectNode defaults(TrackerKind kind) {
        String resource = kind.id() + ".yaml";
        try (InputStream in = TrackerSpec.class.getResourceAsStream(resource)) {
            return (ObjectNode) YamlConfig.read(in, resource, JsonNode.class);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the tracker defaults " + resource, e);
        }
    }

    private static ObjectNode overridden(ObjectNode settings, Map<String, String> overrides, String origin) {
        if (overrides != null) {
            for (Map.Entry<String, String> override : overrides.entrySet()) {
                requireKnown(settings, override.getKey(), origin);
                settings.put(override.getKey(), override.getValue());
            }
        }
        return settings;
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
