package dev.vigia.pipeline.track;

/** Estimates how the camera moved since the previous frame, so tracks can be moved with it. */
public interface CameraMotion {

    /** The 2x3 affine {a, b, tx, c, d, ty} taking last frame's pixels to this frame's; null for "no motion known". */
    double[] estimate(FrameInfo frame);

    /** No compensation: for fixed cameras and for tracking without images. */
    CameraMotion NONE = frame -> null;
}
