package dev.vigia.pipeline.track;

/**
 * Trackers' buffers are given in frames at a reference 30 fps (as the reference implementations
 * state them) and scaled to the source's real frame rate, so a buffer means the same time on a
 * 10 fps camera as on a 60 fps one.
 */
final class FrameRate {

    static final double REFERENCE_FPS = 30;

    private FrameRate() {}

    static int scale(int framesAt30, double fps) {
        double rate = fps > 0 ? fps : REFERENCE_FPS;
        return (int) (rate / REFERENCE_FPS * framesAt30);
    }
}
