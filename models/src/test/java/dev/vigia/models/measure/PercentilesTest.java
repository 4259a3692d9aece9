package dev.vigia.models.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Each definition on samples worked by hand; the samples are given out of order on purpose. */
class PercentilesTest {

    private static final long[] TEN = {7, 3, 10, 1, 9, 2, 8, 5, 4, 6};

    @Test
    void nearestRankTakesTheSampleAtTheCeilingRank() {
        // n = 10: p50 -> rank ceil(5.0) = 5 -> 5; p95 -> rank ceil(9.5) = 10 -> 10; p10 -> rank 1 -> 1.
        assertEquals(5, Percentiles.nearestRank(TEN, 50));
        assertEquals(10, Percentiles.nearestRank(TEN, 95));
        assertEquals(1, Percentiles.nearestRank(TEN, 10));
        // n = 7 (sorted 1.5 2 4 5 8 9 20): p50 -> rank ceil(3.5) = 4 -> 5.0; p95 -> rank ceil(6.65) = 7 -> 20.0.
        double[] seven = {20, 4, 1.5, 9, 5, 2, 8};
        assertEquals(5.0, Percentiles.nearestRank(seven, 50));
        assertEquals(20.0, Percentiles.nearestRank(seven, 95));
        assertEquals(3, Percentiles.nearestRank(new long[] {3}, 95));
        assertEquals(3, Percentiles.nearestRank(new long[] {3}, 0));
    }

    @Test
    void theThreeMediansDifferOnlyOnAnEvenCount() {
        // Sorted 1..10: the two middle samples are 5 and 6.
        assertEquals(5, Percentiles.nearestRank(TEN, 50));
        assertEquals(6, Percentiles.upperMedian(TEN));
        assertEquals(5.5, Percentiles.median(TEN));
        double[] odd = {0.3, 0.1, 0.2};
        assertEquals(0.2, Percentiles.nearestRank(odd, 50));
        assertEquals(0.2, Percentiles.upperMedian(odd));
        assertEquals(0.2, Percentiles.median(odd));
        assertEquals(2.5, Percentiles.median(new double[] {4, 1}));
        assertEquals(4.0, Percentiles.upperMedian(new double[] {4, 1}));
        assertEquals(1.5, Percentiles.median(new long[] {2, 1}));
        assertEquals(2, Percentiles.upperMedian(new long[] {2, 1}));
    }

    @Test
    void samplesAreLeftAsGivenAndNoneGiveZero() {
        long[] samples = TEN.clone();
        Percentiles.nearestRank(samples, 95);
        Percentiles.upperMedian(samples);
        Percentiles.median(samples);
        assertArrayEquals(TEN, samples);
        assertEquals(0, Percentiles.nearestRank(new long[0], 50));
        assertEquals(0, Percentiles.upperMedian(new double[0]));
        assertEquals(0, Percentiles.median(new long[0]));
    }
}
