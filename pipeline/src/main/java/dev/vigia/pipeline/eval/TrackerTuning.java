package dev.vigia.pipeline.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.pipeline.track.Trackers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Searches a tracker's parameters for the best HOTA or IDF1 on labelled detections: the tracker
 * replays the detections ({@link DetectionReplay}) and its tracks are scored against the ground
 * truth ({@link MotEvaluation}), in memory, once per trial. Trial 0 is the starting settings
 * unchanged; the others draw every searched parameter ({@link TrackerSearchSpace}) at random from
 * a seeded generator, so the same seed gives the same trials. The best trial wins; a tie keeps the
 * earlier one, so the result is never worse than the starting settings on these data and never
 * differs from them for nothing.
 */
public final class TrackerTuning {

    /** What a trial is scored by. */
    public enum Metric {
        HOTA, IDF1;

        /** {@code HOTA} or {@code IDF1}, any case. */
        public static Metric parse(String text) {
            for (Metric metric : values()) {
                if (metric.name().equalsIgnoreCase(text.strip())) {
                    return metric;
                }
            }
            throw new UserError("Unknown metric '" + text + "'; use HOTA or IDF1");
        }
    }

    /** The most trials one run may ask for. */
    public static final int MAX_TRIALS = 10_000;

    /**
     * One trial: its number (0: the starting settings), the searched parameters' values (empty for
     * trial 0), the score and every {@code eval mot} metric.
     */
    public record Trial(int number, Map<String, String> parameters, double score, Map<String, Double> metrics) {}

    /** All trials in order, the best, and the tracker's complete settings at the best trial ({@code tracker:} first). */
    public record Result(Metric metric, List<Trial> trials, Trial best, ObjectNode bestSettings) {

        public Trial start() {
            return trials.get(0);
        }
    }

    private TrackerTuning() {}

    /**
     * @param tracker a tracker name or a tracker YAML file: the starting settings and which space is searched
     * @param overrides {@code --tracker-param} values on top of {@code tracker} (null for none)
     * @param fps frame rate of the detections (trackers scale their frame buffers by it)
     * @param onTrial told about each trial as it finishes
     */
    public static Result tune(String tracker, Map<String, String> overrides, List<MotFile.Row> gt, List<MotFile.Row> detections,
            double fps, Metric metric, int trials, long seed, Consumer<Trial> onTrial) {
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new InvalidSettingException(Setting.TRIALS, "trials must be 1 to " + MAX_TRIALS + ", got " + trials);
        }
        if (!(fps > 0 && fps <= 1000)) {
            throw new InvalidSettingException(Setting.FPS, "fps must be above 0 and at most 1000, got " + fps);
        }
        ObjectNode start = Trackers.settings(tracker, overrides);
        String name = start.get("tracker").asText();
        Random random = new Random(seed);
        List<Trial> done = new ArrayList<>();
        Trial best = null;
        for (int number = 0; number < trials; number++) {
            Map<String, String> parameters = number == 0 ? Map.of() : TrackerSearchSpace.sample(name, random);
            Map<String, Double> metrics = MotEvaluation.evaluate(gt,
                    DetectionReplay.track(detections, Trackers.create(tracker, merged(overrides, parameters)), fps),
                    null, "ground truth", "trial " + number);
            Trial trial = new Trial(number, parameters, metrics.get(metric.name()), metrics);
            done.add(trial);
            onTrial.accept(trial);
            if (best == null || trial.score() > best.score()) {
                best = trial;
            }
        }
        ObjectNode bestSettings = Trackers.settings(tracker, merged(overrides, best.parameters()));
        return new Result(metric, List.copyOf(done), best, typed(bestSettings));
    }

    /**
     * Writes the best settings as a tracker YAML that {@code --tracker FILE.yaml} loads: a comment
     * saying where it came from, then every key of the tracker.
     *
     * @param provenance the comment lines, without {@code #}
     */
    public static void writeYaml(Result result, Path file, List<String> provenance) {
        StringBuilder text = new StringBuilder();
        for (String line : provenance) {
            text.append("# ").append(line.replaceAll("[\\r\\n]", " ")).append('\n');
        }
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
            text.append(yaml.writeValueAsString(result.bestSettings()));
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UserError("Cannot write " + file + ": " + e.getMessage());
        }
    }

    /** A one-line summary of a trial: its number, score and parameters. */
    public static String describe(Trial trial, Metric metric) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "trial %3d  %s %.4f", trial.number(), metric,
                trial.score()));
        line.append(String.format(Locale.ROOT, "  (HOTA %.4f IDF1 %.4f IDSW %.0f)", trial.metrics().get("HOTA"),
                trial.metrics().get("IDF1"), trial.metrics().get("IDSW")));
        if (trial.parameters().isEmpty()) {
            line.append("  starting settings");
        } else {
            trial.parameters().forEach((key, value) -> line.append("  ").append(key).append('=').append(value));
        }
        return line.toString();
    }

    private static Map<String, String> merged(Map<String, String> overrides, Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        if (overrides != null) {
            all.putAll(overrides);
        }
        all.putAll(parameters);
        return all;
    }

    /** Settings whose override values are text ("0.45", "true") with numbers and booleans as such, for a readable YAML. */
    private static ObjectNode typed(ObjectNode settings) {
        ObjectNode typed = settings.objectNode();
        settings.fields().forEachRemaining(field -> typed.set(field.getKey(), typed(field.getValue(), typed)));
        return typed;
    }

    private static JsonNode typed(JsonNode value, ObjectNode factory) {
        if (!value.isTextual()) {
            return value;
        }
        String text = value.asText().strip();
        if (text.equals("true") || text.equals("false")) {
            return factory.booleanNode(Boolean.parseBoolean(text));
        }
        try {
            return factory.numberNode(Integer.parseInt(text));
        } catch (NumberFormatException notWhole) {
            try {
                return factory.numberNode(Double.parseDouble(text));
            } catch (NumberFormatException notNumber) {
                return value;
            }
        }
    }
}
