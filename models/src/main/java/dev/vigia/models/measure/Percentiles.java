package dev.vigia.models.measure;

import java.util.Arrays;

/**
 * Order statistics of measured samples (timings, rates), the one place benches, precision trials,
 * comparison runs and the detector watchdog take them from. Each method sorts a copy and leaves
 * its argument as it was; no samples give 0.
 *
 * <p>Three definitions are in use, each kept because a published figure is computed with it:
 * {@link #nearestRank} (p50/p95 of phase timings), {@link #upperMedian} (the middle sample, the
 * upper one of an even count: NMS and tracker timings, the watchdog's deadline) and
 * {@link #median} (the mean of the two middle samples of an even count: pipeline rates, precision trials).
 */
public final class Percentiles {

    private Percentiles() {}

    /** The nearest-rank percentile: the sample at rank ⌈percent/100 × n⌉ (1-based) of the sorted samples. */
    public static long nearestRank(long[] samples, double percent) {
        return (long) nearestRank(exactly(samples), percent);
    }

    /** The nearest-rank percentile: the sample at rank ⌈percent/100 × n⌉ (1-based) of the sorted samples. */
    public static double nearestRank(double[] samples, double percent) {
        if (samples.length == 0) {
            return 0;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[nearestRankIndex(sorted.length, percent)];
    }

    /** The sample at sorted index n/2: the middle one, or the upper of the two middle ones. */
    public static long upperMedian(long[] samples) {
        return (long) upperMedian(exactly(samples));
    }

    /** The sample at sorted index n/2: the middle one, or the upper of the two middle ones. */
    public static double upperMedian(double[] samples) {
        if (samples.length == 0) {
            return 0;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The middle sample, or the mean of the two middle ones of an even count. */
    public static double median(long[] samples) {
        return median(exactly(samples));
    }

    /** The middle sample, or the mean of the two middle ones of an even count. */
    public static double median(double[] samples) {
        if (samples.length == 0) {
            return 0;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Counts such as nanoseconds as doubles: exact below 2^53 (104 days in nanoseconds), so no figure moves. */
    private static double[] exactly(long[] samples) {
        return Arrays.stream(samples).asDoubleStream().toArray();
    }

    private static int nearestRankIndex(int n, double percent) {
        int rank = (int) Math.ceil(percent / 100 * n);
        return Math.max(0, Math.min(n - 1, rank - 1));
    }
}
