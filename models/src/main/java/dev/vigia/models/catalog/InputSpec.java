package dev.vigia.models.catalog;

/**
 * The model's input tensor: size in pixels, memory layout and element type ({@code float32}
 * when not given; TF Object Detection API exports take {@code uint8}).
 */
public record InputSpec(int width, int height, TensorLayout layout, ElementType dtype) {

    /** Batch, channels, height, width ordering of the input tensor. */
    public enum TensorLayout { NCHW, NHWC }

    /** What one input value is. */
    public enum ElementType { FLOAT32, UINT8 }

    public InputSpec(int width, int height, TensorLayout layout) {
        this(width, height, layout, ElementType.FLOAT32);
    }

    public InputSpec {
        if (dtype == null) {
            dtype = ElementType.FLOAT32;
        }
    }
}
