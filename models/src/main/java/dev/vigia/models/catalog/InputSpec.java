package dev.vigia.models.catalog;

/** The model's input tensor: size in pixels and memory layout. */
public record InputSpec(int width, int height, TensorLayout layout) {

    /** Batch, channels, height, width ordering of the input tensor. */
    public enum TensorLayout { NCHW, NHWC }
}
