package dev.vigia.models.nms;

import dev.vigia.config.UserError;
import java.util.List;

/** NMS by name, as {@code --nms} takes it. */
public final class Suppressors {

    public static final float SOFT_SIGMA = 0.5f;
    /** Soft-NMS keeps boxes whose decayed score stays above this. */
    public static final float SOFT_MIN_SCORE = 0.05f;

    private Suppressors() {}

    public static List<String> names() {
        return List.of("greedy", "soft", "soft-linear", "soft-gaussian", "diou");
    }

    public static Suppressor create(String name, float iouThreshold, boolean classAware, int maxDetections, int maxPerClass) {
        return switch (name) {
            case "greedy" -> new GreedyNms(iouThreshold, classAware, maxDetections, maxPerClass, false);
            case "diou" -> new GreedyNms(iouThreshold, classAware, maxDetections, maxPerClass, true);
            case "soft", "soft-gaussian" -> new SoftNms(SoftNms.Decay.GAUSSIAN, iouThreshold, SOFT_SIGMA, SOFT_MIN_SCORE, maxDetections);
            case "soft-linear" -> new SoftNms(SoftNms.Decay.LINEAR, iouThreshold, SOFT_SIGMA, SOFT_MIN_SCORE, maxDetections);
            default -> throw new UserError("Unknown NMS '" + name + "'; choose one of " + String.join(", ", names()));
        };
    }
}
