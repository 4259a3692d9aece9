package dev.vigia.pipeline.track;

import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import java.util.List;
import java.util.Map;

/** Creates a tracker by name, with {@code key=value} overrides of its defaults (the reference implementations' names). */
public final class Trackers {

    public static final String DEFAULT = "iou";

    private Trackers() {}

    public static List<String> names() {
        return List.of("iou");
    }

    public static Tracker create(String name, Map<String, String> params) {
        return switch (name) {
            case "iou" -> new IouTracker(settings("iou", IouTracker.Settings.class, IouTracker.Settings.defaults(), params));
            default -> throw new UserError("Unknown tracker '" + name + "'; choose one of " + String.join(", ", names()));
        };
    }

    /** Defaults overridden key by key; an unknown key is an error listing the valid ones. */
    static <T> T settings(String tracker, Class<T> type, T defaults, Map<String, String> params) {
        var tree = YamlConfig.mapper().valueToTree(defaults);
        var object = (com.fasterxml.jackson.databind.node.ObjectNode) tree;
        params.forEach((key, value) -> {
            if (!object.has(key)) {
                List<String> valid = iterable(object.fieldNames());
                throw new UserError("Tracker '" + tracker + "' has no parameter '" + key + "'; valid: " + String.join(", ", valid));
            }
            object.put(key, value);
        });
        return YamlConfig.convert(object, "tracker '" + tracker + "' parameters", type);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
