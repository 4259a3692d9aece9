package dev.vigia.models.eval;

import java.util.Arrays;

/**
 * Boxes of a detection dataset in primitive columns, in file order: ground truth (with area,
 * crowd and difficult flags) or detections (with scores). Boxes are {@code x, y, w, h} in
 * pixels; {@code image} and {@code category} index into the dataset's image and category lists.
 */
public final class BoxSet {

    private int size;
    private int[] image = new int[64];
    private int[] category = new int[64];
    private long[] id = new long[64];
    private double[] x = new double[64];
    private double[] y = new double[64];
    private double[] w = new double[64];
    private double[] h = new double[64];
    private double[] score = new double[64];
    private double[] area = new double[64];
    private boolean[] crowd = new boolean[64];
    private boolean[] difficult = new boolean[64];

    /**
     * Appends one box.
     *
     * @param id the annotation id (COCO ground truth; detections are numbered from 1 in file order)
     * @param score the detection score (1 for ground truth)
     * @param area the ground truth's {@code area} field (COCO uses it for area ranges), or w·h
     */
    public void add(int imageIndex, int categoryIndex, long id, double x, double y, double w, double h, double score,
            double area, boolean crowd, boolean difficult) {
        if (size == image.length) {
            int grown = size * 2;
            image = Arrays.copyOf(image, grown);
            category = Arrays.copyOf(category, grown);
            this.id = Arrays.copyOf(this.id, grown);
            this.x = Arrays.copyOf(this.x, grown);
            this.y = Arrays.copyOf(this.y, grown);
            this.w = Arrays.copyOf(this.w, grown);
            this.h = Arrays.copyOf(this.h, grown);
            this.score = Arrays.copyOf(this.score, grown);
            this.area = Arrays.copyOf(this.area, grown);
            this.crowd = Arrays.copyOf(this.crowd, grown);
            this.difficult = Arrays.copyOf(this.difficult, grown);
        }
        image[size] = imageIndex;
        category[size] = categoryIndex;
        this.id[size] = id;
        this.x[size] = x;
        this.y[size] = y;
        this.w[size] = w;
        this.h[size] = h;
        this.score[size] = score;
        this.area[size] = area;
        this.crowd[size] = crowd;
        this.difficult[size] = difficult;
        size++;
    }

    public int size() {
        return size;
    }

    public int image(int i) {
        return image[i];
    }

    public int category(int i) {
        return category[i];
    }

    public long id(int i) {
        return id[i];
    }

    public double x(int i) {
        return x[i];
    }

    public double y(int i) {
        return y[i];
    }

    public double w(int i) {
        return w[i];
    }

    public double h(int i) {
        return h[i];
    }

    public double score(int i) {
        return score[i];
    }

    public double area(int i) {
        return area[i];
    }

    public boolean crowd(int i) {
        return crowd[i];
    }

    public boolean difficult(int i) {
        return difficult[i];
    }

    /**
     * Indices of the boxes grouped by (image, category), each group in file order: {@code
     * starts[g]..starts[g+1]} of the returned order belong to group key {@code keys[g] = image *
     * categories + category}, keys ascending.
     */
    Groups groups(int categories) {
        long[] keyed = new long[size];
        for (int i = 0; i < size; i++) {
            // Key in the high bits, file position in the low bits: one sort groups and keeps file order.
            keyed[i] = ((long) image[i] * categories + category[i]) << 32 | i;
        }
        Arrays.sort(keyed);
        int[] order = new int[size];
        int groups = 0;
        long previous = -1;
        int[] keys = new int[size];
        int[] starts = new int[size + 1];
        for (int i = 0; i < size; i++) {
            order[i] = (int) (keyed[i] & 0xffffffffL);
            long key = keyed[i] >>> 32;
            if (key != previous) {
                keys[groups] = (int) key;
                starts[groups] = i;
                groups++;
                previous = key;
            }
        }
        starts[groups] = size;
        return new Groups(order, Arrays.copyOf(keys, groups), Arrays.copyOf(starts, groups + 1));
    }

    /** Box indices grouped by (image, category) key. */
    record Groups(int[] order, int[] keys, int[] starts) {

        int count() {
            return keys.length;
        }

        /** The group holding {@code key}, or -1. */
        int find(int key) {
            int at = Arrays.binarySearch(keys, key);
            return at >= 0 ? at : -1;
        }
    }
}
