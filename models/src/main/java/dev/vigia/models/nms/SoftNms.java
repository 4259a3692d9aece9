package dev.vigia.models.nms;

import dev.vigia.models.boxes.Detections;

/**
 * Soft-NMS (Bodla et al., 2017), as OpenCV's {@code softNMSBoxes} computes it: repeatedly keep the
 * best remaining box and lower the scores of the others by their overlap with it, linearly
 * ({@code score · (1 − IoU)} above the threshold) or with a Gaussian ({@code score · exp(−IoU²/σ)});
 * boxes whose score falls below {@code scoreThreshold} drop out. Scores are updated in place.
 */
public final class SoftNms implements Suppressor {

    /** How overlapping boxes lose score. */
    public enum Decay { LINEAR, GAUSSIAN }

    private final Decay decay;
    private final float iouThreshold;
    private final float sigma;
    private final float scoreThreshold;
    private final int maxDetections;
    private int[] order = new int[0];
    private float[] working = new float[0];

    public SoftNms(Decay decay, float iouThreshold, float sigma, float scoreThreshold, int maxDetections) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("Soft-NMS sigma must be positive, got " + sigma);
        }
        this.decay = decay;
        this.iouThreshold = iouThreshold;
        this.sigma = sigma;
        this.scoreThreshold = scoreThreshold;
        this.maxDetections = maxDetections;
    }

    @Override
    public void apply(Detections detections) {
        int n = detections.size();
        if (order.length < n) {
            order = new int[n];
            working = new float[n];
        }
        float[] boxes = detections.boxArray();
        float[] scores = detections.scoreArray();
        for (int i = 0; i < n; i++) {
            order[i] = i;
            working[i] = scores[i];
        }
        int kept = 0;
        for (int start = 0; start < n && kept < maxDetections; start++) {
            int best = start;
            for (int i = start + 1; i < n; i++) {
                // Highest score first; on equal scores the lower input index, as OpenCV picks.
                if (working[order[i]] > working[order[best]]
                        || (working[order[i]] == working[order[best]] && order[i] < order[best])) {
                    best = i;
                }
            }
            int chosen = order[best];
            if (working[chosen] < scoreThreshold) {
                break;
            }
            order[best] = order[start];
            order[start] = chosen;
            kept++;
            for (int i = start + 1; i < n; i++) {
                int other = order[i];
                if (working[other] < scoreThreshold) {
                    continue;
                }
                float overlap = iou(boxes, chosen, other);
                if (decay == Decay.LINEAR) {
                    if (overlap > iouThreshold) {
                        working[other] *= 1 - overlap;
                    }
                } else {
                    working[other] *= (float) Math.exp(-(overlap * overlap) / sigma);
                }
            }
        }
        for (int k = 0; k < kept; k++) {
            scores[order[k]] = working[order[k]];
        }
        detections.retain(order, kept);
    }

    private static float iou(float[] b, int a, int c) {
        float iw = Math.min(b[a * 4 + 2], b[c * 4 + 2]) - Math.max(b[a * 4], b[c * 4]);
        float ih = Math.min(b[a * 4 + 3], b[c * 4 + 3]) - Math.max(b[a * 4 + 1], b[c * 4 + 1]);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        float intersection = iw * ih;
        float union = (b[a * 4 + 2] - b[a * 4]) * (b[a * 4 + 3] - b[a * 4 + 1])
                + (b[c * 4 + 2] - b[c * 4]) * (b[c * 4 + 3] - b[c * 4 + 1]) - intersection;
        return union > 0 ? intersection / union : 0;
    }
}
