package dev.vigia.pipeline.track;

/**
 * The pairs of boxes, one from each of two sets, that overlap at all: only those can be matched
 * by IoU, so the trackers' association looks at them alone instead of every track against every
 * box. The second set is sorted by its left edge once; each box of the first set then scans the
 * boxes whose left edge lies within (its left edge − the widest box, its right edge).
 *
 * <p>Hot path: no allocation once the arrays have grown to the busiest frame. One instance per tracker.
 */
final class OverlapPairs {

    private double[] ax1 = new double[0];
    private double[] ay1 = new double[0];
    private double[] ax2 = new double[0];
    private double[] ay2 = new double[0];
    private double[] bx1 = new double[0];
    private double[] by1 = new double[0];
    private double[] bx2 = new double[0];
    private double[] by2 = new double[0];
    private int[] order = new int[0];
    private double[] sortedLeft = new double[0];
    private int aCount;
    private int bCount;
    private int[] first = new int[0];
    private int[] second = new int[0];
    private double[] iou = new double[0];
    private int pairs;

    /** Starts a new problem of {@code a} boxes against {@code b} boxes; set them with {@link #setA} and {@link #setB}. */
    void reset(int a, int b) {
        aCount = a;
        bCount = b;
        if (ax1.length < a) {
            ax1 = new double[a];
            ay1 = new double[a];
            ax2 = new double[a];
            ay2 = new double[a];
        }
        if (bx1.length < b) {
            bx1 = new double[b];
            by1 = new double[b];
            bx2 = new double[b];
            by2 = new double[b];
            order = new int[b];
            sortedLeft = new double[b];
        }
    }

    void setA(int i, double x1, double y1, double x2, double y2) {
        ax1[i] = x1;
        ay1[i] = y1;
        ax2[i] = x2;
        ay2[i] = y2;
    }

    void setB(int j, double x1, double y1, double x2, double y2) {
        bx1[j] = x1;
        by1[j] = y1;
        bx2[j] = x2;
        by2[j] = y2;
    }

    /** Finds every overlapping pair; returns how many ({@link #a}, {@link #b}, {@link #iou} read them). */
    int find() {
        pairs = 0;
        if (aCount == 0 || bCount == 0) {
            return 0;
        }
        double widest = 0;
        for (int j = 0; j < bCount; j++) {
            order[j] = j;
            widest = Math.max(widest, bx2[j] - bx1[j]);
        }
        sortByLeft(0, bCount - 1);
        for (int j = 0; j < bCount; j++) {
            sortedLeft[j] = bx1[order[j]];
        }
        for (int i = 0; i < aCount; i++) {
            int k = firstAtOrAbove(ax1[i] - widest);
            for (; k < bCount && sortedLeft[k] < ax2[i]; k++) {
                int j = order[k];
                double overlap = BoxOverlap.iou(ax1[i], ay1[i], ax2[i], ay2[i], bx1[j], by1[j], bx2[j], by2[j]);
                if (overlap > 0) {
                    add(i, j, overlap);
                }
            }
        }
        return pairs;
    }

    int a(int pair) {
        return first[pair];
    }

    int b(int pair) {
        return second[pair];
    }

    double iou(int pair) {
        return iou[pair];
    }

    private void add(int i, int j, double overlap) {
        if (pairs == first.length) {
            int grown = Math.max(16, pairs * 2);
            first = java.util.Arrays.copyOf(first, grown);
            second = java.util.Arrays.copyOf(second, grown);
            iou = java.util.Arrays.copyOf(iou, grown);
        }
        first[pairs] = i;
        second[pairs] = j;
        iou[pairs] = overlap;
        pairs++;
    }

    private int firstAtOrAbove(double left) {
        int low = 0;
        int high = bCount;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sortedLeft[mid] < left) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Quicksort of {@code order[lo..hi]} by left edge (ties by index, so the order is deterministic). */
    private void sortByLeft(int lo, int hi) {
        while (lo < hi) {
            if (hi - lo < 16) {
                for (int i = lo + 1; i <= hi; i++) {
                    int value = order[i];
                    int k = i - 1;
                    while (k >= lo && before(value, order[k])) {
                        order[k + 1] = order[k];
                        k--;
                    }
                    order[k + 1] = value;
                }
                return;
            }
            int pivot = order[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (before(order[i], pivot)) {
                    i++;
                }
                while (before(pivot, order[j])) {
                    j--;
                }
                if (i <= j) {
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {
                sortByLeft(lo, j);
                lo = i;
            } else {
                sortByLeft(i, hi);
                hi = j;
            }
        }
    }

    private boolean before(int p, int q) {
        return bx1[p] < bx1[q] || (bx1[p] == bx1[q] && p < q);
    }
}
