package dev.vigia.models.nms;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.boxes.ScoreOrder;

/**
 * Greedy non-maximum suppression: visit boxes by falling score, keep a box unless it overlaps
 * an already kept box (of the same class when class-aware) with IoU above the threshold. IoU on
 * continuous coordinates (no +1), as torchvision and OpenCV compute it.
 *
 * <p>Hot path: scratch arrays grow to the busiest frame and are reused; one instance per thread.
 */
public final class GreedyNms implements Suppressor {

    private final float iouThreshold;
    private final boolean classAware;
    private final int maxDetections;
    private final int maxPerClass;
    private final boolean distancePenalty;
    private int[] perClass = new int[0];
    private int[] order = new int[0];
    private int[] kept = new int[0];
    private float[] areas = new float[0];
    private int[] sortScratch = new int[0];

    public GreedyNms(float iouThreshold, boolean classAware, int maxDetections) {
        this(iouThreshold, classAware, maxDetections, Integer.MAX_VALUE, false);
    }

    /**
     * @param maxPerClass at most this many kept per class
     * @param distancePenalty DIoU-NMS: overlap minus the squared centre distance over the squared
     *     diagonal of the enclosing box, so neighbours that overlap but sit apart survive
     */
    public GreedyNms(float iouThreshold, boolean classAware, int maxDetections, int maxPerClass, boolean distancePenalty) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("NMS IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
        this.classAware = classAware;
        this.maxDetections = maxDetections;
        this.maxPerClass = maxPerClass;
        this.distancePenalty = distancePenalty;
    }

    /** Suppresses in place: afterwards {@code detections} holds the kept boxes in score order. */
    @Override
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
        boolean capPerClass = maxPerClass < Integer.MAX_VALUE;
        if (capPerClass) {
            java.util.Arrays.fill(perClass, 0);
        }
        for (int rank = 0; rank < n && keptCount < maxDetections; rank++) {
            int candidate = order[rank];
            if (capPerClass && classes[candidate] >= 0 && classes[candidate] < perClass.length
                    && perClass[classes[candidate]] >= maxPerClass) {
                continue;
            }
            boolean suppressed = false;
            for (int k = 0; k < keptCount && !suppressed; k++) {
                int other = kept[k];
                if (classAware && classes[other] != classes[candidate]) {
                    continue;
                }
                float overlap = iou(boxes, areas, candidate, other);
                if (distancePenalty) {
                    overlap -= centreDistancePenalty(boxes, candidate, other);
                }
                suppressed = overlap > iouThreshold;
            }
            if (!suppressed) {
                kept[keptCount++] = candidate;
                if (capPerClass && classes[candidate] >= 0 && classes[candidate] < perClass.length) {
                    perClass[classes[candidate]]++;
                }
            }
        }
        detections.retain(kept, keptCount);
    }

    /** DIoU's penalty: squared distance of the centres over the squared diagonal of the smallest box holding both. */
    private static float centreDistancePenalty(float[] boxes, int a, int b) {
        float dx = (boxes[a * 4] + boxes[a * 4 + 2] - boxes[b * 4] - boxes[b * 4 + 2]) / 2;
        float dy = (boxes[a * 4 + 1] + boxes[a * 4 + 3] - boxes[b * 4 + 1] - boxes[b * 4 + 3]) / 2;
        float cw = Math.max(boxes[a * 4 + 2], boxes[b * 4 + 2]) - Math.min(boxes[a * 4], boxes[b * 4]);
        float ch = Math.max(boxes[a * 4 + 3], boxes[b * 4 + 3]) - Math.min(boxes[a * 4 + 1], boxes[b * 4 + 1]);
        float diagonal = cw * cw + ch * ch;
        return diagonal > 0 ? (dx * dx + dy * dy) / diagonal : 0;
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
        if (maxPerClass < Integer.MAX_VALUE && perClass.length < 1024) {
            perClass = new int[1024];
        }
    }
}
