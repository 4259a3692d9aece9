package dev.vigia.pipeline.track.reid;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.vigia.models.boxes.Detections;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * A person's clothing colours, stripe by stripe: the box's inner part (its sides are mostly
 * background) is cut into horizontal stripes (head and shoulders, torso, legs) and each stripe
 * gives a hue-saturation histogram, with one extra bin per brightness band for the pixels too grey
 * for their hue to mean anything. Square roots of the normalised counts, so the cosine of two
 * embeddings is the Bhattacharyya coefficient of the histograms.
 *
 * <p>The first version's embedding because it needs no change to installed models and costs about
 * a millisecond a frame; it tells apart people dressed differently, not two people in the same dark
 * clothes. The detector's own feature maps have not been tried yet.
 */
public final class ColorStripeEmbedder implements AppearanceEmbedder {

    static final int STRIPES = 4;
    static final int HUE_BINS = 8;
    static final int SATURATION_BINS = 3;
    static final int GREY_BINS = 8;
    /** Pixels below this saturation (of 255), or too dark, have no reliable hue. */
    private static final int GREY_SATURATION = 40;
    private static final int DARK_VALUE = 40;
    /** The fraction of the box's width kept, centred: a walking person fills the middle. */
    private static final double INNER_WIDTH = 0.5;
    private static final int PER_STRIPE = HUE_BINS * SATURATION_BINS + GREY_BINS;

    private final Mat hsv = new Mat();
    private final float[] counts = new float[STRIPES * PER_STRIPE];

    @Override
    public int dimension() {
        return STRIPES * PER_STRIPE;
    }

    @Override
    public void embed(Mat image, Detections detections, int[] indexes, int count, float[] out) {
        int dim = dimension();
        java.util.Arrays.fill(out, 0, count * dim, 0f);
        if (count == 0) {
            return;
        }
        // One colour conversion of the frame serves every box.
        cvtColor(image, hsv, COLOR_BGR2HSV);
        try (UByteIndexer pixels = hsv.createIndexer()) {
            for (int k = 0; k < count; k++) {
                embedOne(pixels, image.cols(), image.rows(), detections, indexes[k], out, k * dim);
            }
        }
    }

    private void embedOne(UByteIndexer pixels, int width, int height, Detections detections, int box, float[] out, int offset) {
        double boxWidth = detections.x2(box) - detections.x1(box);
        double margin = boxWidth * (1 - INNER_WIDTH) / 2;
        int x1 = clamp((int) Math.round(detections.x1(box) + margin), width);
        int x2 = clamp((int) Math.round(detections.x2(box) - margin), width);
        int y1 = clamp((int) Math.round(detections.y1(box)), height);
        int y2 = clamp((int) Math.round(detections.y2(box)), height);
        if (x2 <= x1 || y2 <= y1) {
            return;
        }
        java.util.Arrays.fill(counts, 0f);
        int rows = y2 - y1;
        // Sample at most about 48 x 96 pixels: a large box says no more than a small one.
        int stepX = Math.max(1, (x2 - x1) / 48);
        int stepY = Math.max(1, rows / 96);
        for (int y = y1; y < y2; y += stepY) {
            int stripe = Math.min(STRIPES - 1, (y - y1) * STRIPES / rows);
            int base = stripe * PER_STRIPE;
            for (int x = x1; x < x2; x += stepX) {
                int hue = pixels.get(y, x, 0);
                int saturation = pixels.get(y, x, 1);
                int value = pixels.get(y, x, 2);
                if (saturation < GREY_SATURATION || value < DARK_VALUE) {
                    counts[base + HUE_BINS * SATURATION_BINS + Math.min(GREY_BINS - 1, value * GREY_BINS / 256)]++;
                } else {
                    int h = Math.min(HUE_BINS - 1, hue * HUE_BINS / 180);
                    int s = Math.min(SATURATION_BINS - 1, (saturation - GREY_SATURATION) * SATURATION_BINS / (256 - GREY_SATURATION));
                    counts[base + h * SATURATION_BINS + s]++;
                }
            }
        }
        // Each stripe weighs the same whatever its pixel count, then the whole is a unit vector.
        double norm = 0;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            float total = 0;
            for (int i = 0; i < PER_STRIPE; i++) {
                total += counts[stripe * PER_STRIPE + i];
            }
            for (int i = 0; i < PER_STRIPE; i++) {
                float v = total == 0 ? 0 : (float) Math.sqrt(counts[stripe * PER_STRIPE + i] / total);
                out[offset + stripe * PER_STRIPE + i] = v;
                norm += v * v;
            }
        }
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < dimension(); i++) {
                out[offset + i] *= scale;
            }
        }
    }

    private static int clamp(int v, int limit) {
        return Math.max(0, Math.min(limit, v));
    }
}
