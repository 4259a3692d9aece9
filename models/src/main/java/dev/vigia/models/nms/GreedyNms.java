package dev.vigia.models.nms;

import dev.vigia.models.detect.Detections;
import dev.vigia.models.detect.ScoreOrder;

/**
 * Greedy non-maximum suppression: visit boxes by falling score, keep a box unless it overlaps
 * an already kept box (of the same class when class-aware) with IoU above the threshold. IoU on
 * continuous coordinates (no +1), as torchvision and OpenCV compute it.
 *
 * <p>Hot path: scratch arrays grow to the busiest frame and are reused; one instance per thread.
 */
public final class GreedyNms {

    private final float iouThreshold;
    private final boolean classAware;
    private final int maxDetections;
    private int[] order = new int[0];
    private int[] kept = new int[0];
    private float[] areas = new float[0];
    private int[] sortScratch = new int[0];

    public GreedyNms(float iouThreshold, boolean classAware, int maxDetections) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("NMS IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
        this.classAware = classAware;
        this.maxDetections = maxDetections;
    }

    /** Suppresses in place: afterwards {@code detections} holds the kept boxes in score order. */
    public void apply(Detections detections) {
        int n = detections.size();
        ensureCapacity(n);
        float[] boxes = detections.boxArray();
        float[] scores = detections.scoreArray();
        int[] classes = detections.classIdArray();
        for (int i = 0; i < n; i++) {
            order[i] = i;
            areas[i] = (boxes[i * 4 + 2] - boxes[i * 4]) * (boxes[i * 4 + 3] - boxes[i * 4 + 1]);
        }
        ScoreOrder.sortDescending(order, n, scores, sortScratch);
        int keptCount = 0;
        for (int rank = 0; rank < n && keptCount < maxDetections; rank++) {
            int candidate = order[rank];
            boolean suppressed = false;
            for (int k = 0; k < keptCount && !suppressed; k++) {
                int other = kept[k];
                if (classAware && classes[other] != classes[candidate]) {
                    continue;
                }
                suppressed = iou(boxes, areas, candidate, other) > iouThreshold;
            }
            if (!suppressed) {
                kept[keptCount++] = candidate;
            }
        }
        detections.retain(kept, keptCount);
    }

    private static float iou(float[] boxes, float[] areas, int a, int b) {
        float iw = Math.min(boxes[a * 4 + 2], boxes[b * 4 + 2]) - Math.max(boxes[a * 4], boxes[b * 4]);
        if (iw <= 0) {
            return 0;
        }
        float ih = Math.min(boxes[a * 4 + 3], boxes[b * 4 + 3]) - Math.max(boxes[a * 4 + 1], boxes[b * 4 + 1]);
        if (ih <= 0) {
            return 0;
        }
        float intersection = iw * ih;
        return intersection / (areas[a] + areas[b] - intersection);
    }

    private void ensureCapacity(int n) {
        if (order.length < n) {
            order = new int[n];
            kept = new int[n];
            areas = new float[n];
            sortScratch = new int[n];
        }
    }
}
