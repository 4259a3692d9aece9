package dev.vigia.models.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;

/**
 * One named model: where it comes from, what it expects as input, how its output is decoded.
 *
 * @param id the name users type ({@code vigia models pull ID})
 * @param family the decoder family: nanodet, centernet, segmentation, ...
 * @param format how the source is stored: {@code tfjs-graph}, {@code tfjs-layers}, {@code tfjs-weights} (weights only),
 *     {@code darknet} (cfg + weights) or {@code saved-model}
 * @param architecture for formats without a graph, the network the project's graph builder makes
 *     ({@code tiny-face-detector}, {@code ssd-mobilenetv1}); null otherwise
 * @param labels a known label set ({@code coco80}) or a path to a one-name-per-line file
 * @param head family-specific decoding settings, read by that family's detector as a typed record
 */
public record ModelSpec(
        String id,
        String family,
        String description,
        ModelSource source,
        String format,
        String architecture,
        InputSpec input,
        Preprocessing preprocess,
        String labels,
        JsonNode head) {

    public ModelSpec withId(String newId) {
        return new ModelSpec(newId, family, description, source, format, architecture, input, preprocess, labels, head);
    }

    public ModelSpec withLabels(String newLabels) {
        return new ModelSpec(id, family, description, source, format, architecture, input, preprocess, newLabels, head);
    }

    public ModelSpec withSource(ModelSource newSource) {
        return new ModelSpec(id, family, description, newSource, format, architecture, input, preprocess, labels, head);
    }

    public ModelSpec withFormat(String newFormat, String newArchitecture) {
        return new ModelSpec(id, family, description, source, newFormat, newArchitecture, input, preprocess, labels, head);
    }

    /** The same model described by what a converter read from its files. */
    public ModelSpec withNetwork(String newDescription, InputSpec newInput, Preprocessing newPreprocess, JsonNode newHead) {
        return new ModelSpec(id, family, newDescription, source, format, architecture, newInput, newPreprocess, labels, newHead);
    }

    /** This model's head settings as the family's typed record; unknown keys name the model. */
    public <T> T head(Class<T> type) {
        if (head == null) {
            throw new UserError("Model '" + id + "' has no 'head' settings, which the " + family + " decoder needs");
        }
        return YamlConfig.convert(head, "model '" + id + "' head", type);
    }
}
