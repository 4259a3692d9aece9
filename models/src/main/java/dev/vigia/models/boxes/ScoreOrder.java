package dev.vigia.models.boxes;

/** Sorting of index arrays by score, without boxing (hot path: the caller owns the scratch array). */
public final class ScoreOrder {

    private static final int INSERTION_SORT_RUN = 16;

    private ScoreOrder() {}

    /**
     * Sorts {@code indices[0..count)} by descending {@code scores[index]}; equal scores keep their
     * input order, so results match reference NMS implementations that sort stably.
     *
     * @param scratch at least {@code count} long
     */
    public static void sortDescending(int[] indices, int count, float[] scores, int[] scratch) {
        mergeSort(indices, scratch, scores, 0, count);
    }

    private static void mergeSort(int[] a, int[] tmp, float[] scores, int from, int to) {
        if (to - from <= INSERTION_SORT_RUN) {
            for (int i = from + 1; i < to; i++) {
                int value = a[i];
                int j = i - 1;
                while (j >= from && scores[a[j]] < scores[value]) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = value;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, scores, from, mid);
        mergeSort(a, tmp, scores, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            tmp[k++] = scores[a[j]] > scores[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < to) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, from, a, from, to - from);
    }
}
