package dev.vigia.app;

import dev.vigia.config.InvalidSettingException;
import java.util.Map;

/**
 * The command line's words for the library's neutral setting errors: which flag sets the
 * setting, and what to do. The library names settings the way a config file does; only here do
 * they become flags.
 */
final class FlagHints {

    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("detector", "choose one with --detector ID"),
            Map.entry("detector_family", "import one with 'vigia models import PATH --id NAME --family {value}', then use --detector NAME"),
            Map.entry("overwrite", "pass --overwrite to replace it, or choose another --out"),
            Map.entry("out", "choose another --out"),
            Map.entry("score", "set --score"),
            Map.entry("device", "set --device"),
            Map.entry("batch", "set --batch"),
            Map.entry("detect_workers", "set --detect-workers"),
            Map.entry("kafka", "check --kafka and that the broker runs"),
            Map.entry("max_cameras", "set --max-cameras"),
            Map.entry("session_timeout", "raise --session-timeout"),
            Map.entry("ring_size", "set ring_size in --config"),
            Map.entry("show", "drop --show and watch the MP4 in --out instead"),
            Map.entry("source", "check --source (or 'sources:' in --config)"),
            Map.entry("connect_timeout", "raise --connect-timeout"),
            Map.entry("token", "give one with --token T (requests then send 'Authorization: Bearer T'), or keep --host 127.0.0.1"),
            Map.entry("port", "choose another with --port"),
            Map.entry("family", "import it with --family {value}"),
            Map.entry("labels", "name them with --labels FILE"),
            Map.entry("images", "give them with --images DIR"),
            Map.entry("id", "choose one with --id"),
            Map.entry("trust_model", "pass --trust-model to install it anyway, only if you trust where the model came from"),
            Map.entry("id_of_catalog_model", "pass --id {value} to install these files as the catalog's {value}, or another --id to keep both"),
            Map.entry("upscaler", "choose one with --model NAME --scale N"),
            Map.entry("tile", "set --tile N (0: the whole image in one piece)"),
            Map.entry("tile_pad", "set --tile-pad"),
            Map.entry("sr_below", "set --sr-below"),
            Map.entry("masks", "set --masks"),
            Map.entry("segmenter", "choose one with --segmenter ID"),
            Map.entry("precision", "set --precision auto, fp32 or bf16"),
            Map.entry("fresh", "pass --fresh, or give another --out"),
            Map.entry("checkpoint_size", "give --size {value}, or another --out"),
            Map.entry("seed", "set --seed, or pass --fresh"),
            Map.entry("training_data", "make one with vigia train-generator --from-samples or --from-tracks"),
            Map.entry("track_output", "make one with vigia track --source VIDEO --out {value}"),
            Map.entry("model_import", "import one with 'vigia models import PATH'"),
            Map.entry("dataset", "give objects, faces or such a folder as --dataset, or give --gt and --images"));

    /** Settings whose range errors start with the setting's name ("trials must be 1 to 500"): the flag takes its place. */
    private static final Map<String, String> FLAGS = Map.of(
            "frames", "--frames",
            "sources", "--sources",
            "rounds", "--rounds",
            "trials", "--trials",
            "fps", "--fps");

    private FlagHints() {}

    /** The error's message with the flag hint for its setting. */
    static String message(InvalidSettingException e) {
        String flag = FLAGS.get(e.setting());
        if (flag != null && e.getMessage().startsWith(e.setting() + " ")) {
            return flag + e.getMessage().substring(e.setting().length());
        }
        String hint = HINTS.get(e.setting());
        if (hint == null) {
            return e.getMessage();
        }
        return e.getMessage() + "; " + hint.replace("{value}", e.value() != null ? e.value() : "FAMILY");
    }
}
