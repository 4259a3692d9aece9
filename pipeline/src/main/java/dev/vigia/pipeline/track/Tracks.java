package dev.vigia.pipeline.track;

import java.util.Arrays;

/**
 * The tracks a tracker reports for one frame, in primitive arrays with a count, reused frame
 * after frame. Boxes are x1,y1,x2,y2 in source pixels.
 */
public final class Tracks {

    private int[] ids = new int[16];
    private float[] boxes = new float[64];
    private float[] scores = new float[16];
    private int[] classIds = new int[16];
    private int[] detectionIndexes = new int[16];
    private int size;

    public void clear() {
        size = 0;
    }

    /** A track that no detection updated this frame (predicted, or kept while lost). */
    public void add(int id, float x1, float y1, float x2, float y2, float score, int classId) {
        add(id, x1, y1, x2, y2, score, classId, -1);
    }

    /** A track and the index, in this frame's detections, of the detection it was updated with (-1: none). */
    public void add(int id, float x1, float y1, float x2, float y2, float score, int classId, int detection) {
        if (size == ids.length) {
            int capacity = size * 2;
            ids = Arrays.copyOf(ids, capacity);
            boxes = Arrays.copyOf(boxes, capacity * 4);
            scores = Arrays.copyOf(scores, capacity);
            classIds = Arrays.copyOf(classIds, capacity);
            detectionIndexes = Arrays.copyOf(detectionIndexes, capacity);
        }
        detectionIndexes[size] = detection;
        ids[size] = id;
        boxes[size * 4] = x1;
        boxes[size * 4 + 1] = y1;
        boxes[size * 4 + 2] = x2;
        boxes[size * 4 + 3] = y2;
        scores[size] = score;
        classIds[size] = classId;
        size++;
    }

    public int size() {
        return size;
    }

    public int id(int i) {
        return ids[i];
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

    /** The index in this frame's detections of the one track {@code i} was updated with, or -1 when none was. */
    public int detection(int i) {
        return detectionIndexes[i];
    }
}
