package dev.vigia.pipeline.render;

import org.bytedeco.opencv.opencv_core.Scalar;

/** Distinct, stable BGR colours for class ids and track ids (golden-ratio hue steps). */
public final class Palette {

    private static final int SIZE = 64;
    private static final Scalar[] COLORS = new Scalar[SIZE];

    static {
        for (int i = 0; i < SIZE; i++) {
            float hue = (i * 0.618034f) % 1f;
            int rgb = java.awt.Color.HSBtoRGB(hue, 0.75f, 0.95f);
            COLORS[i] = new Scalar(rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF, 0);
        }
    }

    private Palette() {}

    public static Scalar color(int id) {
        return COLORS[Math.floorMod(id, SIZE)];
    }
}
