package dev.vigia.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** 90 crops of one combination and 10 of another, drawn 20 000 times at three flattenings. */
class CombinationSamplerTest {

    private static final List<String> NAMES = List.of("upper", "motion");
    private static final List<CaptionedCrops.Crop> CROPS = crops();

    @Test
    void withoutFlatteningEachCombinationGetsItsShareOfTheCrops() {
        assertEquals(0.1, shareOfTheRareCombination(0), 0.01);
    }

    @Test
    void fullFlatteningDrawsEachCombinationAsOftenAsAnother() {
        assertEquals(0.5, shareOfTheRareCombination(1), 0.015);
    }

    @Test
    void halfFlatteningGivesEachCombinationAShareThatGoesAsTheSquareRootOfItsCount() {
        // sqrt(10) / (sqrt(10) + sqrt(90)) = 1 / 4
        assertEquals(0.25, shareOfTheRareCombination(0.5), 0.015);
    }

    @Test
    void everyCropOfACombinationIsDrawn() {
        CombinationSampler sampler = new CombinationSampler(CROPS, NAMES, 0.5);
        Random random = new Random(3);
        Set<CaptionedCrops.Crop> drawn = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            drawn.add(sampler.draw(random));
        }
        assertEquals(CROPS.size(), drawn.size());
    }

    private static double shareOfTheRareCombination(double flattening) {
        CombinationSampler sampler = new CombinationSampler(CROPS, NAMES, flattening);
        List<CaptionedCrops.Crop> batch = sampler.draw(20_000, new Random(7));
        long rare = batch.stream().filter(c -> c.combination(NAMES).equals("red|left")).count();
        return rare / 20_000.0;
    }

    private static List<CaptionedCrops.Crop> crops() {
        List<CaptionedCrops.Crop> crops = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            boolean rare = i % 10 == 3;
            // A record compares its array by identity, so the set in everyCropOfACombinationIsDrawn tells the crops apart.
            crops.add(new CaptionedCrops.Crop(new float[] {i}, rare ? "a red top walking left" : "a dark top standing",
                    rare ? Map.of("upper", "red", "motion", "left") : Map.of("upper", "dark", "motion", "standing")));
        }
        return crops;
    }
}
