package dev.vigia.pipeline.track;

import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;

/**
 * BoT-SORT (Aharon et al., 2022) without re-identification: ByteTrack's association, with every
 * track moved by the camera's own motion before matching. Composed, not subclassed: a
 * {@link ByteTracker} with a {@link CameraMotion}.
 */
public final class BotSort {

    /** ByteTrack's parameters plus the camera-motion method ({@code sparse_flow} or {@code none}) and its downscale. */
    public record Settings(double trackThresh, double lowThresh, double newTrackThresh, double matchThresh,
            int trackBuffer, double minBoxArea, double aspectRatioThresh, boolean fuseScore, boolean classAware, String cmcMethod,
            int cmcDownscale) {

        public static Settings defaults() {
            var node = Trackers.defaults("botsort", "botsort.yaml");
            node.remove("tracker");
            return YamlConfig.convert(node, "botsort.yaml", Settings.class);
        }

        ByteTracker.Settings byteTrack() {
            return new ByteTracker.Settings(trackThresh, lowThresh, newTrackThresh, matchThresh, trackBuffer, minBoxArea,
                    aspectRatioThresh, fuseScore, classAware);
        }
    }

    private BotSort() {}

    public static Tracker create(Settings settings) {
        CameraMotion motion = switch (settings.cmcMethod()) {
            case "sparse_flow" -> new SparseFlowCameraMotion(settings.cmcDownscale());
            case "none" -> CameraMotion.NONE;
            default -> throw new UserError("BoT-SORT cmc_method '" + settings.cmcMethod() + "' is unknown; use sparse_flow or none");
        };
        return new ByteTracker(settings.byteTrack(), motion, "botsort");
    }
}
