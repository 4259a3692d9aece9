package dev.vigia.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    /**
     * Samples with independent columns: column i has mean {@code shift * i} and standard deviation
     * {@code spread * (i + 1)}; every third column is always zero, as a rectifier's dead features are.
     */
    private static float[][] samples(int n, int d, double shift, double spread, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[n][d];
        for (float[] row : rows) {
            for (int i = 0; i < d; i++) {
                row[i] = i % 3 == 2 ? 0f : (float) (shift * i + spread * (i + 1) * random.nextGaussian());
            }
        }
        return rows;
    }

    @Test
    void aSetIsNoDistanceFromItselfEvenWithFeaturesThatAreAlwaysZero() {
        float[][] a = samples(400, 64, 0, 1, 1);
        assertEquals(0, FrechetDistance.between(a, a), 1e-3, "against a trace of about 60000");
    }

    @Test
    void independentGaussiansGiveTheSumOfSquaredMeanAndSpreadDifferences() {
        int d = 12;
        float[][] a = samples(20000, d, 0, 1, 2);
        float[][] b = samples(20000, d, 0.5, 2, 3);
        // Worked by hand for diagonal covariances: sum over live columns of (0.5 i)^2 + ((i + 1) (2 - 1))^2.
        double expected = 0;
        for (int i = 0; i < d; i++) {
            if (i % 3 != 2) {
                expected += 0.25 * i * i + (i + 1) * (i + 1);
            }
        }
        assertEquals(expected, FrechetDistance.between(a, b), expected * 0.05);
    }

    /** A judge's features that are not numbers (a diverged generator's images) give no figure instead of an exception. */
    @Test
    void featuresThatAreNotNumbersGiveNoDistanceRatherThanAnError() {
        float[][] a = samples(50, 8, 0, 1, 4);
        float[][] b = samples(50, 8, 0, 1, 5);
        b[7][3] = Float.NaN;
        assertTrue(Double.isNaN(FrechetDistance.between(a, b)));
        b[7][3] = Float.POSITIVE_INFINITY;
        assertTrue(Double.isNaN(FrechetDistance.between(a, b)));
    }

    /** Fewer crops than features (28 crops, 64 features after a short track): singular covariances still give a distance. */
    @Test
    void fewerRowsThanFeaturesStillGiveADistance() {
        float[][] a = samples(6, 64, 0, 1, 6);
        float[][] b = samples(6, 64, 1, 1, 7);
        double distance = FrechetDistance.between(a, b);
        assertTrue(Double.isFinite(distance) && distance > 0, "" + distance);
        assertEquals(0, FrechetDistance.between(a, a), 1e-2);
    }
}
