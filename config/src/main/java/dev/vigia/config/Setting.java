package dev.vigia.config;

/**
 * Every setting a library error can name ({@link InvalidSettingException#key()}), as a config
 * file spells it. The library throws with one of these, never with a flag; a front end maps each
 * to its own words in an exhaustive switch, so a setting added here without a decision there is a
 * compile error, not a hint that silently goes missing.
 */
public enum Setting {
    BATCH("batch"),
    CHECKPOINT_SIZE("checkpoint_size"),
    /** Class names to keep, by the detector's labels. */
    CLASSES("classes"),
    CONNECT_TIMEOUT("connect_timeout"),
    DATASET("dataset"),
    /** Detections a second shared by the motion-gated sources. */
    DETECT_BUDGET("detect_budget"),
    DETECT_BUDGET_FLOOR("detect_budget_floor"),
    /** Every how many frames detection runs; the tracker predicts between. */
    DETECT_EVERY("detect_every"),
    DETECT_WORKERS("detect_workers"),
    DETECTOR("detector"),
    /** A detector asked for by family, of which none is installed or in the catalog. */
    DETECTOR_FAMILY("detector_family"),
    DEVICE("device"),
    /** How long a run lasts. */
    DURATION("duration"),
    FAMILY("family"),
    FPS("fps"),
    FRAMES("frames"),
    FRESH("fresh"),
    ID("id"),
    /** An import whose files would take a catalog model's id. */
    ID_OF_CATALOG_MODEL("id_of_catalog_model"),
    IMAGES("images"),
    /** The overlap threshold of the chosen suppression (NMS). */
    IOU("iou"),
    KAFKA("kafka"),
    LABELS("labels"),
    MASKS("masks"),
    MAX_CAMERAS("max_cameras"),
    MINUTES("minutes"),
    /** A model that is neither installed nor in the catalog, so it must be imported. */
    MODEL_IMPORT("model_import"),
    MOTION("motion"),
    /** How many images to draw. */
    N("n"),
    OUT("out"),
    OVERWRITE("overwrite"),
    PORT("port"),
    PRECISION("precision"),
    RING_SIZE("ring_size"),
    ROUNDS("rounds"),
    SCALE("scale"),
    SCORE("score"),
    SEED("seed"),
    SEGMENTER("segmenter"),
    SESSION_TIMEOUT("session_timeout"),
    SHOW("show"),
    SIZE("size"),
    SOURCE("source"),
    SOURCES("sources"),
    SR_BELOW("sr_below"),
    TILE("tile"),
    TILE_PAD("tile_pad"),
    TOKEN("token"),
    /** The file the dashboard token is read from. */
    TOKEN_FILE("token-file"),
    /** The output of a tracking run, which training data is made from. */
    TRACK_OUTPUT("track_output"),
    TRAINING_DATA("training_data"),
    TRIALS("trials"),
    TRUST_MODEL("trust_model"),
    UPSCALER("upscaler");

    private final String id;

    Setting(String id) {
        this.id = id;
    }

    /** The name a config file and the library's messages use: {@code score}, {@code connect_timeout}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
