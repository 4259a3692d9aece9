package dev.vigia.generator;

import java.util.List;

/**
 * Which rows of a crop each attribute describes, as fractions of its height: the captions'
 * {@code upper} colour is measured on the upper half of a person's box and {@code lower} on the
 * lower half; any other attribute (the motion) describes the whole crop.
 */
record AttributeRegions(float[] tops, float[] bottoms) {

    static AttributeRegions of(List<String> names) {
        float[] tops = new float[names.size()];
        float[] bottoms = new float[names.size()];
        for (int k = 0; k < names.size(); k++) {
            switch (names.get(k)) {
                case "upper" -> bottoms[k] = 0.5f;
                case "lower" -> {
                    tops[k] = 0.5f;
                    bottoms[k] = 1;
                }
                default -> bottoms[k] = 1;
            }
        }
        return new AttributeRegions(tops, bottoms);
    }

    /** One value per row of a {@code side}-row map: 1 where attribute {@code k}'s region covers the row's centre, else 0. */
    float[] rowMask(int k, int side) {
        float[] mask = new float[side];
        for (int row = 0; row < side; row++) {
            float centre = (row + 0.5f) / side;
            mask[row] = centre >= tops[k] && centre < bottoms[k] ? 1 : 0;
        }
        return mask;
    }
}
