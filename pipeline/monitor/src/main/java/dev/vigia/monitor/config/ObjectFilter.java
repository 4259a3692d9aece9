package dev.vigia.monitor.config;

import java.util.Set;

/**
 * Which detections a camera keeps: classes (empty: all), a score floor, an area band and a
 * width / height band. Areas of 1 or less are fractions of the frame, larger ones pixels.
 */
public record ObjectFilter(Set<Integer> classes, double minScore, double minArea, double maxArea, double minRatio, double maxRatio) {

    public static final ObjectFilter NONE = new ObjectFilter(Set.of(), 0, 0, Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY);

    public boolean keeps(int classId, float score, float x1, float y1, float x2, float y2, int frameWidth, int frameHeight) {
        if (!classes.isEmpty() && !classes.contains(classId)) {
            return false;
        }
        if (score < minScore) {
            return false;
        }
        double w = x2 - x1;
        double h = y2 - y1;
        double frameArea = (double) frameWidth * frameHeight;
        double area = w * h;
        if (area < inPixels(minArea, frameArea) || area > inPixels(maxArea, frameArea)) {
            return false;
        }
        double ratio = h > 0 ? w / h : Double.POSITIVE_INFINITY;
        return ratio >= minRatio && ratio <= maxRatio;
    }

    private static double inPixels(double area, double frameArea) {
        return area <= 1 ? area * frameArea : area;
    }
}
