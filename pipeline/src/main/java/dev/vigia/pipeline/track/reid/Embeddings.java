package dev.vigia.pipeline.track.reid;

import dev.vigia.models.boxes.Detections;
import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One frame's detection embeddings, computed in one batch for the detections that need one and
 * looked up by detection index. Reused frame after frame.
 */
public final class Embeddings {

    private final AppearanceEmbedder embedder;
    private float[] vectors = new float[0];
    /** Each detection's row in {@code vectors}, or -1 when it has no embedding this frame. */
    private int[] rowOf = new int[0];
    private long nanos;

    public Embeddings(AppearanceEmbedder embedder) {
        this.embedder = embedder;
    }

    public int dimension() {
        return embedder.dimension();
    }

    /** Embeds the detections {@code indexes[0..count)} of this frame; every other detection has none. */
    public void compute(Mat image, Detections detections, int[] indexes, int count) {
        long start = System.nanoTime();
        int n = detections.size();
        if (rowOf.length < n) {
            rowOf = new int[Math.max(n, rowOf.length * 2)];
        }
        Arrays.fill(rowOf, 0, n, -1);
        if (vectors.length < count * dimension()) {
            vectors = new float[Math.max(count, 2 * vectors.length / Math.max(1, dimension())) * dimension()];
        }
        embedder.embed(image, detections, indexes, count, vectors);
        for (int k = 0; k < count; k++) {
            rowOf[indexes[k]] = k;
        }
        nanos += System.nanoTime() - start;
    }

    public boolean has(int detection) {
        return detection < rowOf.length && rowOf[detection] >= 0;
    }

    /** The array holding the embeddings; detection {@code d}'s starts at {@link #offset(int)}. */
    public float[] array() {
        return vectors;
    }

    public int offset(int detection) {
        return rowOf[detection] * dimension();
    }

    /** Time spent embedding since this object was made, in nanoseconds. */
    public long totalNanos() {
        return nanos;
    }

    /** Cosine similarity of two unit embeddings stored at {@code a[ai..]} and {@code b[bi..]}. */
    public static float cosine(float[] a, int ai, float[] b, int bi, int dimension) {
        float sum = 0;
        for (int i = 0; i < dimension; i++) {
            sum += a[ai + i] * b[bi + i];
        }
        return sum;
    }
}
