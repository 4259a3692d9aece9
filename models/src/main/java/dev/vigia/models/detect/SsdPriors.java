package dev.vigia.models.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * SSD prior (anchor) boxes as the TF Object Detection API's {@code ssd_anchor_generator} makes
 * them: scales spread evenly from {@code minScale} to {@code maxScale} over the feature maps, one
 * box per aspect ratio plus a square one of the geometric-mean scale, and only three boxes (scale 0.1 and
 * two ratios) on the lowest layer when {@code reduceLowestLayer}. Boxes are centred on each cell,
 * ordered row, column, box; values normalised to the input.
 */
public final class SsdPriors {

    private static final float LOWEST_LAYER_SCALE = 0.1f;

    /** Centre y, centre x, height, width of each prior, packed. */
    private final float[] centreForm;

    private SsdPriors(float[] centreForm) {
        this.centreForm = centreForm;
    }

    /**
     * @param interpolatedBoxIndex where the square box of scale sqrt(s_i x s_i+1) goes among each
     *     layer's boxes: after the aspect-ratio boxes in the TF API's generator, second in some exports
     */
    public static SsdPriors generate(int[] featureMaps, float minScale, float maxScale, float[] aspectRatios,
            boolean reduceLowestLayer, int interpolatedBoxIndex) {
        int layers = featureMaps.length;
        float[] scales = new float[layers + 1];
        for (int i = 0; i < layers; i++) {
            scales[i] = layers == 1 ? minScale : minScale + (maxScale - minScale) * i / (layers - 1);
        }
        scales[layers] = 1f;
        List<float[]> boxes = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            List<float[]> shapes = new ArrayList<>();
            if (layer == 0 && reduceLowestLayer) {
                shapes.add(shape(LOWEST_LAYER_SCALE, 1f));
                shapes.add(shape(scales[0], 2f));
                shapes.add(shape(scales[0], 0.5f));
            } else {
                for (float ratio : aspectRatios) {
                    shapes.add(shape(scales[layer], ratio));
                }
                shapes.add(Math.min(interpolatedBoxIndex, shapes.size()),
                        shape((float) Math.sqrt(scales[layer] * scales[layer + 1]), 1f));
            }
            int size = featureMaps[layer];
            float stride = 1f / size;
            for (int row = 0; row < size; row++) {
                for (int col = 0; col < size; col++) {
                    for (float[] hw : shapes) {
                        boxes.add(new float[] {(row + 0.5f) * stride, (col + 0.5f) * stride, hw[0], hw[1]});
                    }
                }
            }
        }
        float[] packed = new float[boxes.size() * 4];
        for (int i = 0; i < boxes.size(); i++) {
            System.arraycopy(boxes.get(i), 0, packed, i * 4, 4);
        }
        return new SsdPriors(packed);
    }

    private static float[] shape(float scale, float ratio) {
        float root = (float) Math.sqrt(ratio);
        return new float[] {scale / root, scale * root};
    }

    public int count() {
        return centreForm.length / 4;
    }

    public float centreY(int i) {
        return centreForm[4 * i];
    }

    public float centreX(int i) {
        return centreForm[4 * i + 1];
    }

    public float height(int i) {
        return centreForm[4 * i + 2];
    }

    public float width(int i) {
        return centreForm[4 * i + 3];
    }
}
