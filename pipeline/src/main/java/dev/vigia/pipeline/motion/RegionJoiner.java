package dev.vigia.pipeline.motion;

import dev.vigia.models.boxes.Detections;
import java.util.Arrays;
import java.util.List;

/**
 * Brings each crop's detections back to the frame and joins an object that a crop's border cut:
 * a detection that reaches a crop's edge inside the frame saw only part of its object, and the
 * part beyond the edge is in another crop's detections. Two detections of one class from
 * different crops are one object when one is cut at an edge, the other reaches past that edge and
 * meets it across it, and along the edge the two span the same rows (or columns) for at least
 * {@value #SPAN_IOU} of their union; the object is then their union, with the higher score. What
 * remains goes to the model's suppression once, over the whole frame (the caller runs it).
 *
 * <p>One instance per detection thread. Hot path: the working arrays grow to the busiest frame
 * and are reused.
 */
public final class RegionJoiner {

    /** A box within this many model-input pixels of a crop's edge touches it (the decoders clip boxes to the crop). */
    static final float EDGE_INPUT_PIXELS = 3;
    /** Overlap of two pieces' extents along the cut, as intersection over union, for them to be one object. */
    static final float SPAN_IOU = 0.5f;

    private static final int LEFT = 1;
    private static final int TOP = 2;
    private static final int RIGHT = 4;
    private static final int BOTTOM = 8;

    private float[] box = new float[64];
    private float[] score = new float[16];
    private int[] classId = new int[16];
    private int[] crop = new int[16];
    private int[] cut = new int[16];
    private boolean[] gone = new boolean[16];
    private int size;

    /**
     * Fills {@code into} with the detections of the crops of {@code plan} ({@code crops.get(i)} in
     * crop {@code i}'s pixels), in frame pixels, with cut objects joined; not suppressed.
     */
    public void join(RegionPlan plan, List<Detections> crops, int frameWidth, int frameHeight, Detections into) {
        into.clear();
        size = 0;
        for (int c = 0; c < plan.size(); c++) {
            Detections found = crops.get(c);
            if (c == 0) {
                into.setLabels(found.labels());
            }
            collect(plan, c, found, frameWidth, frameHeight);
        }
        joinAcrossEdges(plan);
        for (int i = 0; i < size; i++) {
            if (!gone[i]) {
                into.add(box[i * 4], box[i * 4 + 1], box[i * 4 + 2], box[i * 4 + 3], score[i], classId[i]);
            }
        }
    }

    private void collect(RegionPlan plan, int c, Detections found, int frameWidth, int frameHeight) {
        int left = plan.x(c);
        int top = plan.y(c);
        int right = left + plan.width(c);
        int bottom = top + plan.height(c);
        float edge = EDGE_INPUT_PIXELS * plan.scale(c);
        for (int d = 0; d < found.size(); d++) {
            grow(size + 1);
            float bx1 = found.x1(d) + left;
            float by1 = found.y1(d) + top;
            float bx2 = found.x2(d) + left;
            float by2 = found.y2(d) + top;
            int edges = 0;
            // Only a crop edge inside the frame cuts: at the frame's own border the object ends for every crop.
            if (left > 0 && bx1 - left <= edge) {
                edges |= LEFT;
            }
            if (top > 0 && by1 - top <= edge) {
                edges |= TOP;
            }
            if (right < frameWidth && right - bx2 <= edge) {
                edges |= RIGHT;
            }
            if (bottom < frameHeight && bottom - by2 <= edge) {
                edges |= BOTTOM;
            }
            box[size * 4] = bx1;
            box[size * 4 + 1] = by1;
            box[size * 4 + 2] = bx2;
            box[size * 4 + 3] = by2;
            score[size] = found.score(d);
            classId[size] = found.classId(d);
            crop[size] = c;
            cut[size] = edges;
            gone[size] = false;
            size++;
        }
    }

    /** Joins cut pieces with their other parts until no more join; a joined object joins no further. */
    private void joinAcrossEdges(RegionPlan plan) {
        for (int a = 0; a < size; a++) {
            if (gone[a] || cut[a] == 0) {
                continue;
            }
            for (int b = 0; b < size && cut[a] != 0; b++) {
                if (b == a || gone[b] || crop[b] == crop[a] || classId[b] != classId[a]) {
                    continue;
                }
                if (continuesPastCut(plan, a, b)) {
                    box[a * 4] = Math.min(box[a * 4], box[b * 4]);
                    box[a * 4 + 1] = Math.min(box[a * 4 + 1], box[b * 4 + 1]);
                    box[a * 4 + 2] = Math.max(box[a * 4 + 2], box[b * 4 + 2]);
                    box[a * 4 + 3] = Math.max(box[a * 4 + 3], box[b * 4 + 3]);
                    score[a] = Math.max(score[a], score[b]);
                    cut[a] = 0;
                    crop[a] = -1;
                    gone[b] = true;
                }
            }
        }
    }

    /** Whether {@code b} reaches past one of the edges that cut {@code a}, meets {@code a} across it, and spans the same extent along it. */
    private boolean continuesPastCut(RegionPlan plan, int a, int b) {
        int c = crop[a];
        float edge = EDGE_INPUT_PIXELS * plan.scale(c);
        float ax1 = box[a * 4];
        float ay1 = box[a * 4 + 1];
        float ax2 = box[a * 4 + 2];
        float ay2 = box[a * 4 + 3];
        float bx1 = box[b * 4];
        float by1 = box[b * 4 + 1];
        float bx2 = box[b * 4 + 2];
        float by2 = box[b * 4 + 3];
        boolean rowsAgree = spanIou(ay1, ay2, by1, by2) >= SPAN_IOU;
        boolean columnsAgree = spanIou(ax1, ax2, bx1, bx2) >= SPAN_IOU;
        int cropLeft = plan.x(c);
        int cropTop = plan.y(c);
        int cropRight = cropLeft + plan.width(c);
        int cropBottom = cropTop + plan.height(c);
        return (cut[a] & RIGHT) != 0 && rowsAgree && bx2 > cropRight + edge && bx1 <= ax2 + edge
                || (cut[a] & LEFT) != 0 && rowsAgree && bx1 < cropLeft - edge && bx2 >= ax1 - edge
                || (cut[a] & BOTTOM) != 0 && columnsAgree && by2 > cropBottom + edge && by1 <= ay2 + edge
                || (cut[a] & TOP) != 0 && columnsAgree && by1 < cropTop - edge && by2 >= ay1 - edge;
    }

    private static float spanIou(float a1, float a2, float b1, float b2) {
        float inter = Math.min(a2, b2) - Math.max(a1, b1);
        float union = Math.max(a2, b2) - Math.min(a1, b1);
        return inter <= 0 || union <= 0 ? 0 : inter / union;
    }

    private void grow(int needed) {
        if (needed > score.length) {
            int capacity = Math.max(needed, score.length * 2);
            box = Arrays.copyOf(box, capacity * 4);
            score = Arrays.copyOf(score, capacity);
            classId = Arrays.copyOf(classId, capacity);
            crop = Arrays.copyOf(crop, capacity);
            cut = Arrays.copyOf(cut, capacity);
            gone = Arrays.copyOf(gone, capacity);
        }
    }
}
