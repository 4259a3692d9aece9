package dev.vigia.models.boxes;

/** One detection in source-frame pixels: box corners x1,y1 (top left) and x2,y2 (bottom right). */
public record Detection(float x1, float y1, float x2, float y2, float score, int classId, String label) {

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    /** Intersection over union with another box (continuous coordinates, no +1). */
    public float iou(float ox1, float oy1, float ox2, float oy2) {
        float iw = Math.min(x2, ox2) - Math.max(x1, ox1);
        float ih = Math.min(y2, oy2) - Math.max(y1, oy1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        float intersection = iw * ih;
        return intersection / (width() * height() + (ox2 - ox1) * (oy2 - oy1) - intersection);
    }
}
