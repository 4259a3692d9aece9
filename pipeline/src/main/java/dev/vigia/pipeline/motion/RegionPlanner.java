package dev.vigia.pipeline.motion;

import java.util.Arrays;

/**
 * Groups where a frame moved and where its objects are into crops for the detector, in the manner
 * of Frigate's regions: a crop is the model's input size at native resolution (or a whole multiple
 * of it where a group of boxes is larger), so a small object keeps its pixels instead of being
 * shrunk with the whole frame. In order:
 * <ol>
 *   <li>each box grows by {@value #MARGIN} of its larger side on every side (context for the
 *       detector, and room for a tracked object that moved since its box was predicted), clipped
 *       to the frame;</li>
 *   <li>two boxes become one group when they overlap, or when one crop no larger than either's
 *       holds both, until no two do;</li>
 *   <li>each group gets the smallest crop of {@code k} times the input size that holds it (a side
 *       never longer than the frame's), centred on it and shifted inside the frame.</li>
 * </ol>
 * The whole frame is detected instead (an empty plan) when there are no boxes, a crop would be
 * the whole frame, more than {@value #MAX_CROPS} crops are needed (each is one inference), or the
 * crops together hold more pixels than the frame: motion everywhere, where the whole frame is the
 * cheaper look.
 *
 * <p>One instance per source, used by one thread. Hot path: boxes live in primitive arrays that
 * grow to the busiest frame and are reused.
 */
public final class RegionPlanner {

    /** Margin added on every side of a box, as a fraction of its larger side. */
    static final float MARGIN = 0.25f;
    /** At most this many crops per frame; more and the frame is detected whole. */
    static final int MAX_CROPS = 6;
    /** At most this many boxes are grouped; a frame with more moves everywhere and is detected whole. */
    static final int MAX_BOXES = 256;

    private final int inputWidth;
    private final int inputHeight;
    private float[] x1 = new float[16];
    private float[] y1 = new float[16];
    private float[] x2 = new float[16];
    private float[] y2 = new float[16];
    private int size;

    /** @param inputWidth the model input's width, @param inputHeight its height, in pixels */
    public RegionPlanner(int inputWidth, int inputHeight) {
        if (inputWidth < 1 || inputHeight < 1) {
            throw new IllegalArgumentException("The model input must be at least 1x1, got " + inputWidth + "x" + inputHeight);
        }
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
    }

    /** Forgets the boxes of the last frame. */
    public void clear() {
        size = 0;
    }

    /** A box to cover (motion or a tracked object), corners in source pixels; an empty one is ignored. */
    public void add(float left, float top, float right, float bottom) {
        if (!(right > left && bottom > top)) {
            return;
        }
        if (size == x1.length) {
            x1 = Arrays.copyOf(x1, size * 2);
            y1 = Arrays.copyOf(y1, size * 2);
            x2 = Arrays.copyOf(x2, size * 2);
            y2 = Arrays.copyOf(y2, size * 2);
        }
        x1[size] = left;
        y1[size] = top;
        x2[size] = right;
        y2[size] = bottom;
        size++;
    }

    /** Boxes given since {@link #clear()}. */
    public int boxes() {
        return size;
    }

    /** Writes the crops that cover the boxes given into {@code into} (empty: detect the whole frame). */
    public void plan(int frameWidth, int frameHeight, RegionPlan into) {
        into.clear();
        into.inputSize(inputWidth, inputHeight);
        if (size == 0 || size > MAX_BOXES) {
            return;
        }
        int groups = 0;
        for (int i = 0; i < size; i++) {
            float margin = MARGIN * Math.max(x2[i] - x1[i], y2[i] - y1[i]);
            float left = Math.max(0, x1[i] - margin);
            float top = Math.max(0, y1[i] - margin);
            float right = Math.min(frameWidth, x2[i] + margin);
            float bottom = Math.min(frameHeight, y2[i] + margin);
            if (right > left && bottom > top) {
                x1[groups] = left;
                y1[groups] = top;
                x2[groups] = right;
                y2[groups] = bottom;
                groups++;
            }
        }
        size = groups;
        groupBoxes();
        for (int g = 0; g < size; g++) {
            int k = multiple(g);
            int cropWidth = Math.min(k * inputWidth, frameWidth);
            int cropHeight = Math.min(k * inputHeight, frameHeight);
            if ((cropWidth == frameWidth && cropHeight == frameHeight) || into.size() == MAX_CROPS) {
                into.clear();
                return;
            }
            into.add(place((x1[g] + x2[g]) / 2, cropWidth, frameWidth), place((y1[g] + y2[g]) / 2, cropHeight, frameHeight),
                    cropWidth, cropHeight);
        }
        if (into.pixels() > (long) frameWidth * frameHeight) {
            into.clear();
        }
    }

    /** Merges boxes that overlap, or that one crop no larger than either's holds, until no two do. */
    private void groupBoxes() {
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < size && !merged; i++) {
                for (int j = i + 1; j < size; j++) {
                    boolean overlap = x1[i] < x2[j] && x1[j] < x2[i] && y1[i] < y2[j] && y1[j] < y2[i];
                    float left = Math.min(x1[i], x1[j]);
                    float top = Math.min(y1[i], y1[j]);
                    float right = Math.max(x2[i], x2[j]);
                    float bottom = Math.max(y2[i], y2[j]);
                    if (overlap || multiple(right - left, bottom - top) <= Math.max(multiple(i), multiple(j))) {
                        x1[i] = left;
                        y1[i] = top;
                        x2[i] = right;
                        y2[i] = bottom;
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

    private int multiple(int box) {
        return multiple(x2[box] - x1[box], y2[box] - y1[box]);
    }

    /** The smallest whole number of input sizes that holds a box this large. */
    private int multiple(float width, float height) {
        return Math.max(1, (int) Math.ceil(Math.max(width / inputWidth, height / inputHeight) - 1e-4));
    }

    /** The crop's first pixel on one axis: centred on {@code centre}, shifted to lie inside {@code [0, frame)}. */
    private static int place(float centre, int crop, int frame) {
        int start = Math.round(centre - crop / 2f);
        return Math.max(0, Math.min(start, frame - crop));
    }
}
