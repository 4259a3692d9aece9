package dev.vigia.models.eval;

import java.util.function.IntToDoubleFunction;

/** A stable merge sort of indices by a double key, as numpy's {@code argsort(-key, kind="mergesort")} orders them. */
final class StableSort {

    private StableSort() {}

    /** {@code indices} ordered by descending key; equal keys keep their order in {@code indices}. */
    static int[] byDescending(int[] indices, IntToDoubleFunction key) {
        int n = indices.length;
        int[] a = indices.clone();
        double[] k = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = -key.applyAsDouble(a[i]);
        }
        int[] b = new int[n];
        double[] kb = new double[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                for (int o = lo; o < hi; o++) {
                    // Take from the left run unless the right one is strictly smaller: stability.
                    if (i < mid && (j >= hi || k[i] <= k[j])) {
                        b[o] = a[i];
                        kb[o] = k[i++];
                    } else {
                        b[o] = a[j];
                        kb[o] = k[j++];
                    }
                }
            }
            int[] swap = a;
            a = b;
            b = swap;
            double[] kswap = k;
            k = kb;
            kb = kswap;
        }
        return a;
    }
}
