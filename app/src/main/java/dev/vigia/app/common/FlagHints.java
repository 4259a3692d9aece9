package dev.vigia.app.common;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;

/**
 * The command line's words for the library's neutral setting errors: which flag sets the
 * setting, and what to do. The library names settings the way a config file does; only here do
 * they become flags. Both switches cover every {@link Setting}, so a new setting cannot reach
 * users without a decision here: the compiler asks for one.
 */
public final class FlagHints {

    private FlagHints() {}

    /** The error's message with the flag hint for its setting. */
    public static String message(InvalidSettingException e) {
        String flag = rangeFlag(e.key());
        if (flag != null && e.getMessage().startsWith(e.setting() + " ")) {
            return flag + e.getMessage().substring(e.setting().length());
        }
        String hint = hint(e.key());
        if (hint == null) {
            return e.getMessage();
        }
        return e.getMessage() + "; " + hint.replace("{value}", e.value() != null ? e.value() : "FAMILY");
    }

    /** What to do, naming the flag; null where the message says it already or no flag sets it. */
    private static String hint(Setting setting) {
        return switch (setting) {
            case DETECTOR -> "choose one with --detector ID";
            case DETECTOR_FAMILY -> "import one with 'vigia models import PATH --id NAME --family {value}', then use --detector NAME";
            case OVERWRITE -> "pass --overwrite to replace it, or choose another --out";
            case OUT -> "choose another --out";
            case SCORE -> "set --score";
            case DEVICE -> "set --device";
            case BATCH -> "set --batch";
            case DETECT_WORKERS -> "set --detect-workers";
            case KAFKA -> "check --kafka and that the broker runs";
            case MAX_CAMERAS -> "set --max-cameras";
            case SESSION_TIMEOUT -> "raise --session-timeout";
            case RING_SIZE -> "set ring_size in --config";
            case SHOW -> "drop --show and watch the MP4 in --out instead";
            case SOURCE -> "check --source (or 'sources:' in --config)";
            case CONNECT_TIMEOUT -> "raise --connect-timeout";
            case TOKEN -> "give one with --token T (requests then send 'Authorization: Bearer T'), or keep --host 127.0.0.1";
            case PORT -> "choose another with --port";
            case FAMILY -> "import it with --family {value}";
            case LABELS -> "name them with --labels FILE";
            case IMAGES -> "give them with --images DIR";
            case ID -> "choose one with --id";
            case TRUST_MODEL -> "pass --trust-model to install it anyway, only if you trust where the model came from";
            case ID_OF_CATALOG_MODEL -> "pass --id {value} to install these files as the catalog's {value}, or another --id to keep both";
            case UPSCALER -> "choose one with --model NAME --scale N";
            case TILE -> "set --tile N (0: the whole image in one piece)";
            case TILE_PAD -> "set --tile-pad";
            case SR_BELOW -> "set --sr-below";
            case MASKS -> "set --masks";
            case SEGMENTER -> "choose one with --segmenter ID";
            case PRECISION -> "set --precision auto, fp32 or bf16";
            case FRESH -> "pass --fresh, or give another --out";
            case CHECKPOINT_SIZE -> "give --size {value}, or another --out";
            case SEED -> "set --seed, or pass --fresh";
            case TRAINING_DATA -> "make one with vigia train-generator --from-samples or --from-tracks";
            case TRACK_OUTPUT -> "make one with vigia track --source VIDEO --out {value}";
            case MODEL_IMPORT -> "import one with 'vigia models import PATH'";
            case DATASET -> "give objects, faces or such a folder as --dataset, or give --gt and --images";
            // Their messages name the flag already (the CLI's own checks), or a range error names it (rangeFlag).
            case CLASSES, DETECT_BUDGET, DETECT_BUDGET_FLOOR, DETECT_EVERY, DURATION, FPS, FRAMES, IOU, MINUTES, MOTION, N, ROUNDS, SCALE, SIZE,
                    SOURCES, TOKEN_FILE, TRIALS -> null;
        };
    }

    /** The flag that takes the setting's place where a range error starts with its name ("trials must be 1 to 500"); else null. */
    private static String rangeFlag(Setting setting) {
        return switch (setting) {
            case CLASSES -> "--classes";
            case FRAMES -> "--frames";
            case SOURCES -> "--sources";
            case ROUNDS -> "--rounds";
            case TRIALS -> "--trials";
            case FPS -> "--fps";
            case DETECT_BUDGET -> "--detect-budget";
            case DETECT_BUDGET_FLOOR -> "--detect-budget-floor";
            case DETECT_EVERY -> "--detect-every";
            case DETECT_WORKERS -> "--detect-workers";
            case DURATION -> "--duration";
            case CONNECT_TIMEOUT -> "--connect-timeout";
            case IOU -> "--iou";
            // No flag sets it: the config key the range error starts with is what the user wrote, and the message is complete.
            case RING_SIZE -> "ring_size";
            default -> null;
        };
    }
}
