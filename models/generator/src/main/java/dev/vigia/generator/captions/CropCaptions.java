package dev.vigia.generator.captions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * What Vigía can say about a tracked person from its crop and its motion, as attributes and a
 * caption: the dominant colour of the upper and of the lower body, and how it moves
 * ("a person in a dark top and grey trousers walking left").
 */
public final class CropCaptions {

    /** Speeds below this many box heights a second are standing still. */
    static final double STANDING = 0.25;

    private CropCaptions() {}

    /** The attributes of a person crop (BGR) moving {@code dx, dy} pixels a second with a box {@code height} pixels tall. */
    public static Map<String, String> attributes(Mat personCrop, double dx, double dy, double height) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("upper", dominantColour(personCrop, 0.15, 0.5));
        attributes.put("lower", dominantColour(personCrop, 0.55, 0.9));
        attributes.put("motion", motion(dx, dy, height));
        return attributes;
    }

    public static String caption(Map<String, String> attributes) {
        String motion = switch (attributes.get("motion")) {
            case "standing" -> "standing";
            case "towards" -> "walking towards the camera";
            case "away" -> "walking away from the camera";
            default -> "walking " + attributes.get("motion");
        };
        return "a person in a " + attributes.get("upper") + " top and " + attributes.get("lower") + " trousers " + motion;
    }

    /** standing, left, right, towards (down the image) or away (up it). */
    static String motion(double dx, double dy, double height) {
        double speed = Math.hypot(dx, dy) / Math.max(1, height);
        if (speed < STANDING) {
            return "standing";
        }
        if (Math.abs(dx) >= Math.abs(dy)) {
            return dx < 0 ? "left" : "right";
        }
        return dy > 0 ? "towards" : "away";
    }

    /** The commonest colour name of the pixels between {@code from} and {@code to} of the height, in the middle half of the width. */
    static String dominantColour(Mat bgr, double from, double to) {
        int top = (int) Math.floor(bgr.rows() * from);
        int bottom = Math.max(top + 1, (int) Math.ceil(bgr.rows() * to));
        int left = bgr.cols() / 4;
        int right = Math.max(left + 1, bgr.cols() * 3 / 4);
        Map<String, Integer> votes = new HashMap<>();
        try (Mat region = new Mat(bgr, new Rect(left, top, right - left, Math.min(bottom, bgr.rows()) - top)); Mat hsv = new Mat()) {
            opencv_imgproc.cvtColor(region, hsv, opencv_imgproc.COLOR_BGR2HSV);
            try (UByteIndexer pixels = hsv.createIndexer()) {
                for (int y = 0; y < hsv.rows(); y++) {
                    for (int x = 0; x < hsv.cols(); x++) {
                        votes.merge(name(pixels.get(y, x, 0), pixels.get(y, x, 1), pixels.get(y, x, 2)), 1, Integer::sum);
                    }
                }
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("dark");
    }

    /** A colour's name from OpenCV's HSV (hue 0–180, saturation and value 0–255). */
    static String name(int hue, int saturation, int value) {
        if (value < 70) {
            return "dark";
        }
        if (saturation < 45) {
            return value > 175 ? "white" : "grey";
        }
        if (hue < 10 || hue >= 160) {
            return "red";
        }
        if (hue < 25) {
            return value < 150 ? "brown" : "orange";
        }
        if (hue < 35) {
            return "yellow";
        }
        if (hue < 85) {
            return "green";
        }
        if (hue < 130) {
            return "blue";
        }
        return "purple";
    }
}
