package dev.vigia.pipeline.motion;

/**
 * Where a frame moved: boxes in source-frame pixels, struct of arrays with a count so the motion
 * detector refills the same object every frame (hot path: no allocation once grown).
 */
public final class MotionBoxes {

    private float[] x1 = new float[16];
    private float[] y1 = new float[16];
    private float[] x2 = new float[16];
    private float[] y2 = new float[16];
    private int size;

    public void clear() {
        size = 0;
    }

    void add(float left, float top, float right, float bottom) {
        if (size == x1.length) {
            x1 = java.util.Arrays.copyOf(x1, size * 2);
            y1 = java.util.Arrays.copyOf(y1, size * 2);
            x2 = java.util.Arrays.copyOf(x2, size * 2);
            y2 = java.util.Arrays.copyOf(y2, size * 2);
        }
        x1[size] = left;
        y1[size] = top;
        x2[size] = right;
        y2[size] = bottom;
        size++;
    }

    /**
     * Joins boxes that overlap or touch into one, until none do: a person's head and legs, split
     * by a thin unchanged band, become one box, which is what a detector region must cover.
     */
    void mergeTouching() {
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < size && !merged; i++) {
                for (int j = i + 1; j < size; j++) {
                    if (x1[i] <= x2[j] && x1[j] <= x2[i] && y1[i] <= y2[j] && y1[j] <= y2[i]) {
                        x1[i] = Math.min(x1[i], x1[j]);
                        y1[i] = Math.min(y1[i], y1[j]);
                        x2[i] = Math.max(x2[i], x2[j]);
                        y2[i] = Math.max(y2[i], y2[j]);
                        size--;
                        x1[j] = x1[size];
                        y1[j] = y1[size];
                        x2[j] = x2[size];
                        y2[j] = y2[size];
                        merged = true;
                        break;
                    }
                }
            }
        }
    }

    /** Makes these boxes a copy of {@code other} (no allocation once grown). */
    public void copyFrom(MotionBoxes other) {
        clear();
        for (int i = 0; i < other.size; i++) {
            add(other.x1[i], other.y1[i], other.x2[i], other.y2[i]);
        }
    }

    public int size() {
        return size;
    }

    public float x1(int i) {
        return x1[i];
    }

    public float y1(int i) {
        return y1[i];
    }

    public float x2(int i) {
        return x2[i];
    }

    public float y2(int i) {
        return y2[i];
    }
}
