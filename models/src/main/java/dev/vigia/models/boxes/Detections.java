package dev.vigia.models.boxes;

import dev.vigia.models.catalog.LabelMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The detections of one frame, in primitive arrays with a count, reused frame after frame (hot
 * path: no allocation once the arrays have grown to the busiest frame's size).
 *
 * <p>Boxes are x1,y1,x2,y2 in source-frame pixels. Instance-segmentation models add a mask per
 * detection: a small grid of probabilities over the detection's own box (Mask R-CNN's
 * {@code detection_masks}), resized to the box and pasted into the frame by whoever draws it. The
 * phase timings of the detector call that filled this object travel with it.
 */
public final class Detections {

    private float[] boxes;
    private float[] scores;
    private int[] classIds;
    private int size;
    // Double buffers for retain(): kept entries are copied out of order, so not in place.
    private float[] spareBoxes = new float[0];
    private float[] spareScores = new float[0];
    private int[] spareClassIds = new int[0];
    private float[] masks = new float[0];
    private float[] spareMasks = new float[0];
    private int maskWidth;
    private int maskHeight;
    private LabelMap labels = LabelMap.of(List.of());
    private long preprocessNanos;
    private long inferenceNanos;
    private long postprocessNanos;
    private long suppressionNanos;
    private int candidates;

    public Detections() {
        this(64);
    }

    public Detections(int initialCapacity) {
        int capacity = Math.max(1, initialCapacity);
        boxes = new float[capacity * 4];
        scores = new float[capacity];
        classIds = new int[capacity];
    }

    public void clear() {
        size = 0;
        maskWidth = 0;
        maskHeight = 0;
        preprocessNanos = 0;
        inferenceNanos = 0;
        postprocessNanos = 0;
        suppressionNanos = 0;
        candidates = 0;
    }

    public void add(float x1, float y1, float x2, float y2, float score, int classId) {
        if (size == scores.length) {
            int capacity = size * 2;
            boxes = Arrays.copyOf(boxes, capacity * 4);
            scores = Arrays.copyOf(scores, capacity);
            classIds = Arrays.copyOf(classIds, capacity);
        }
        boxes[size * 4] = x1;
        boxes[size * 4 + 1] = y1;
        boxes[size * 4 + 2] = x2;
        boxes[size * 4 + 3] = y2;
        scores[size] = score;
        classIds[size] = classId;
        size++;
    }

    /**
     * Declares that this frame's detections carry masks of {@code width} x {@code height} cells;
     * call before the first {@link #setMask}.
     */
    public void useMasks(int width, int height) {
        maskWidth = width;
        maskHeight = height;
    }

    /** Gives detection {@code i} its mask: {@code width x height} row-major probabilities from {@code source}. */
    public void setMask(int i, float[] source, int offset) {
        int cells = maskWidth * maskHeight;
        if (cells == 0) {
            throw new IllegalStateException("call useMasks before setMask");
        }
        if (masks.length < scores.length * cells) {
            masks = Arrays.copyOf(masks, scores.length * cells);
        }
        System.arraycopy(source, offset, masks, i * cells, cells);
    }

    public boolean hasMasks() {
        return maskWidth > 0;
    }

    public int maskWidth() {
        return maskWidth;
    }

    public int maskHeight() {
        return maskHeight;
    }

    /** Backing array of masks, {@code maskWidth x maskHeight} floats per detection; valid when {@link #hasMasks()}. */
    public float[] maskArray() {
        return masks;
    }

    /** Makes this a copy of {@code other}: boxes, scores, classes, masks and timings. */
    public void copyFrom(Detections other) {
        clear();
        for (int i = 0; i < other.size(); i++) {
            add(other.x1(i), other.y1(i), other.x2(i), other.y2(i), other.score(i), other.classId(i));
        }
        if (other.hasMasks()) {
            useMasks(other.maskWidth(), other.maskHeight());
            int cells = other.maskWidth() * other.maskHeight();
            for (int i = 0; i < other.size(); i++) {
                setMask(i, other.maskArray(), i * cells);
            }
        }
        setTimings(other.preprocessNanos(), other.inferenceNanos(), other.postprocessNanos());
        setSuppression(other.candidates(), other.suppressionNanos());
    }

    /** Keeps only the entries whose indices are listed, in that order. */
    public void retain(int[] indices, int count) {
        if (spareScores.length < scores.length) {
            spareBoxes = new float[boxes.length];
            spareScores = new float[scores.length];
            spareClassIds = new int[classIds.length];
        }
        int cells = maskWidth * maskHeight;
        if (cells > 0 && spareMasks.length < masks.length) {
            spareMasks = new float[masks.length];
        }
        for (int k = 0; k < count; k++) {
            int i = indices[k];
            System.arraycopy(boxes, i * 4, spareBoxes, k * 4, 4);
            spareScores[k] = scores[i];
            spareClassIds[k] = classIds[i];
            if (cells > 0) {
                System.arraycopy(masks, i * cells, spareMasks, k * cells, cells);
            }
        }
        if (cells > 0) {
            float[] swapMasks = masks;
            masks = spareMasks;
            spareMasks = swapMasks;
        }
        float[] swapBoxes = boxes;
        boxes = spareBoxes;
        spareBoxes = swapBoxes;
        float[] swapScores = scores;
        scores = spareScores;
        spareScores = swapScores;
        int[] swapClassIds = classIds;
        classIds = spareClassIds;
        spareClassIds = swapClassIds;
        size = count;
    }

    public int size() {
        return size;
    }

    public float x1(int i) {
        return boxes[i * 4];
    }

    public float y1(int i) {
        return boxes[i * 4 + 1];
    }

    public float x2(int i) {
        return boxes[i * 4 + 2];
    }

    public float y2(int i) {
        return boxes[i * 4 + 3];
    }

    public float score(int i) {
        return scores[i];
    }

    public int classId(int i) {
        return classIds[i];
    }

    /** Backing array of boxes, 4 floats per detection; valid up to {@link #size()}. */
    public float[] boxArray() {
        return boxes;
    }

    /** Backing array of scores; valid up to {@link #size()}. */
    public float[] scoreArray() {
        return scores;
    }

    /** Backing array of class ids; valid up to {@link #size()}. */
    public int[] classIdArray() {
        return classIds;
    }

    public LabelMap labels() {
        return labels;
    }

    public void setLabels(LabelMap labels) {
        this.labels = labels;
    }

    public Detection get(int i) {
        return new Detection(x1(i), y1(i), x2(i), y2(i), scores[i], classIds[i], labels.name(classIds[i]));
    }

    public List<Detection> toList() {
        List<Detection> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(get(i));
        }
        return list;
    }

    public void setTimings(long preprocessNanos, long inferenceNanos, long postprocessNanos) {
        this.preprocessNanos = preprocessNanos;
        this.inferenceNanos = inferenceNanos;
        this.postprocessNanos = postprocessNanos;
    }

    public long preprocessNanos() {
        return preprocessNanos;
    }

    public long inferenceNanos() {
        return inferenceNanos;
    }

    public long postprocessNanos() {
        return postprocessNanos;
    }

    /** Time the detector spent suppressing overlaps (NMS) after decoding; 0 when it returned candidates. */
    public long suppressionNanos() {
        return suppressionNanos;
    }

    /** How many candidate boxes the decoder produced before suppression (the field's "# Boxes"). */
    public int candidates() {
        return candidates;
    }

    public void setSuppression(int candidatesBefore, long nanos) {
        this.candidates = candidatesBefore;
        this.suppressionNanos = nanos;
    }
}
