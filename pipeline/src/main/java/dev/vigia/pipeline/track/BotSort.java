package dev.vigia.pipeline.track;

import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import dev.vigia.pipeline.track.reid.ColorStripeEmbedder;

/**
 * BoT-SORT (Aharon et al., 2022): ByteTrack's association, with every track moved by the camera's
 * own motion before matching, and, with {@code reid} on, appearance fused with motion as
 * {@link ReidSettings} describes. Composed, not subclassed: a
 * {@link ByteTracker} with a {@link CameraMotion}.
 */
public final class BotSort {

    /** ByteTrack's parameters plus the camera-motion method ({@code sparse_flow} or {@code none}) and its downscale. */
    public record Settings(double trackThresh, double lowThresh, double newTrackThresh, double matchThresh,
            int trackBuffer, double minBoxArea, double aspectRatioThresh, boolean fuseScore, boolean classAware, String cmcMethod,
            int cmcDownscale) {

        public static Settings defaults() {
            var node = TrackerSpec.defaults(TrackerKind.BOTSORT);
            node.remove("tracker");
            ReidSettings.takeFrom(node, "botsort.yaml");
            return YamlConfig.convert(node, "botsort.yaml", Settings.class);
        }

        ByteTracker.Settings byteTrack() {
            return new ByteTracker.Settings(trackThresh, lowThresh, newTrackThresh, matchThresh, trackBuffer, minBoxArea,
                    aspectRatioThresh, fuseScore, classAware);
        }
    }

    private BotSort() {}

    public static Tracker create(Settings settings) {
        return create(settings, ReidSettings.off());
    }

    /** BoT-SORT with appearance re-identification as {@code reid} says (the paper's full method when on). */
    public static Tracker create(Settings settings, ReidSettings reid) {
        CameraMotion motion = switch (settings.cmcMethod()) {
            case "sparse_flow" -> new SparseFlowCameraMotion(settings.cmcDownscale());
            case "none" -> CameraMotion.NONE;
            default -> throw new UserError("BoT-SORT cmc_method '" + settings.cmcMethod() + "' is unknown; use sparse_flow or none");
        };
        return new ByteTracker(settings.byteTrack(), motion, "botsort", reid, new ColorStripeEmbedder());
    }
}
