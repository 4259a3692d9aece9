package dev.vigia.pipeline.motion;

import java.util.Arrays;

/**
 * The crops of one frame that go to the detector, in source-frame pixels, or none: the whole frame
 * is detected. Written by a {@link RegionPlanner} on the capture thread and read by the detection
 * stages; reused from frame to frame (hot path: no allocation once grown).
 */
public final class RegionPlan {

    private int[] x = new int[4];
    private int[] y = new int[4];
    private int[] width = new int[4];
    private int[] height = new int[4];
    private int count;
    private int inputWidth;
    private int inputHeight;

    /** No crops: the whole frame is detected. */
    public void clear() {
        count = 0;
    }

    /** The size of the model's input the crops were planned for (a crop is a whole multiple of it, or the frame's side). */
    public void inputSize(int modelWidth, int modelHeight) {
        this.inputWidth = modelWidth;
        this.inputHeight = modelHeight;
    }

    /** Adds a crop: its top-left corner and size in source pixels. */
    public void add(int left, int top, int cropWidth, int cropHeight) {
        if (cropWidth < 1 || cropHeight < 1) {
            throw new IllegalArgumentException("A crop must be at least 1x1, got " + cropWidth + "x" + cropHeight);
        }
        if (count == x.length) {
            x = Arrays.copyOf(x, count * 2);
            y = Arrays.copyOf(y, count * 2);
            width = Arrays.copyOf(width, count * 2);
            height = Arrays.copyOf(height, count * 2);
        }
        x[count] = left;
        y[count] = top;
        width[count] = cropWidth;
        height[count] = cropHeight;
        count++;
    }

    /** Whether the frame is detected whole (no crops). */
    public boolean wholeFrame() {
        return count == 0;
    }

    public int size() {
        return count;
    }

    public int x(int i) {
        return x[i];
    }

    public int y(int i) {
        return y[i];
    }

    public int width(int i) {
        return width[i];
    }

    public int height(int i) {
        return height[i];
    }

    /** Source pixels per model-input pixel in crop {@code i} (1 at native resolution). */
    public float scale(int i) {
        if (inputWidth <= 0 || inputHeight <= 0) {
            return 1;
        }
        return Math.max(1, Math.max(width[i] / (float) inputWidth, height[i] / (float) inputHeight));
    }

    /** Total pixels of the crops. */
    public long pixels() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += (long) width[i] * height[i];
        }
        return total;
    }

    @Override
    public String toString() {
        if (count == 0) {
            return "RegionPlan[whole frame]";
        }
        StringBuilder text = new StringBuilder("RegionPlan[");
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ", ").append(x[i]).append(',').append(y[i]).append(' ').append(width[i]).append('x').append(height[i]);
        }
        return text.append(']').toString();
    }
}
