package dev.vigia.models.catalog;

/**
 * How a BGR frame becomes the model's input: {@code (pixel - mean) / std} per channel, in the
 * model's colour order, after fitting the frame to the input size.
 */
public record Preprocessing(ResizeMode resize, ColorOrder color, float[] mean, float[] std) {

    /** Stretch ignores the aspect ratio; letterbox keeps it and pads with the mean colour. */
    public enum ResizeMode { STRETCH, LETTERBOX }

    /** Channel order the model was trained on. */
    public enum ColorOrder { BGR, RGB }
}
