package dev.vigia.models.detect;

/**
 * How a source frame was fitted into the model input: {@code input = source * scale + pad}.
 * Decoders use it to bring boxes back to source-frame pixels.
 */
public record FrameTransform(float scaleX, float scaleY, float padX, float padY, int sourceWidth, int sourceHeight) {

    public float toSourceX(float inputX) {
        return clamp((inputX - padX) / scaleX, sourceWidth);
    }

    public float toSourceY(float inputY) {
        return clamp((inputY - padY) / scaleY, sourceHeight);
    }

    private static float clamp(float value, int limit) {
        return Math.max(0f, Math.min(value, limit));
    }
}
