package dev.vigia.pipeline.track;

/** Intersection over union of x1,y1,x2,y2 boxes (continuous coordinates, no +1). */
final class BoxOverlap {

    private BoxOverlap() {}

    static double iou(double ax1, double ay1, double ax2, double ay2, double bx1, double by1, double bx2, double by2) {
        double iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        double ih = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double intersection = iw * ih;
        double union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - intersection;
        return union > 0 ? intersection / union : 0;
    }
}
