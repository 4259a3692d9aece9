package dev.vigia.generator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws crops so that rare attribute combinations are drawn more often than their share of the
 * crops: a crop's weight is its combination's count to the power {@code -flattening}. At 0 every
 * crop is as likely as another (a combination gets its share); at 1 every combination is as
 * likely as another, however few crops it has. In between, a combination's share goes as its
 * count to the power {@code 1 - flattening}.
 */
final class CombinationSampler {

    private final List<CaptionedCrops.Crop> crops;
    private final double[] cumulative;

    CombinationSampler(List<CaptionedCrops.Crop> crops, List<String> names, double flattening) {
        if (crops.isEmpty()) {
            throw new IllegalArgumentException("no crops to draw from");
        }
        this.crops = crops;
        Map<String, Integer> count = new HashMap<>();
        crops.forEach(c -> count.merge(c.combination(names), 1, Integer::sum));
        this.cumulative = new double[crops.size()];
        double sum = 0;
        for (int i = 0; i < crops.size(); i++) {
            sum += Math.pow(count.get(crops.get(i).combination(names)), -flattening);
            cumulative[i] = sum;
        }
    }

    CaptionedCrops.Crop draw(Random random) {
        double at = random.nextDouble() * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] > at) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return crops.get(low);
    }

    List<CaptionedCrops.Crop> draw(int n, Random random) {
        List<CaptionedCrops.Crop> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(draw(random));
        }
        return batch;
    }
}
