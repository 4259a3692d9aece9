package dev.vigia.pipeline.track.reid;

/**
 * How one track looks: an exponential moving average of its detections' embeddings (BoT-SORT's
 * smoothed feature, what the next frame is matched against) and a small gallery of earlier views,
 * taken at intervals, that a returning object is matched against after the track was lost.
 */
public final class TrackAppearance {

    /** BoT-SORT's momentum: the smoothed embedding keeps 90 % of itself each update. */
    static final float MOMENTUM = 0.9f;
    public static final int GALLERY_SIZE = 8;

    private final int dimension;
    private final float[] smoothed;
    private final float[] gallery;
    private int galleryCount;
    private int galleryNext;
    private long lastSnapshotFrame = Long.MIN_VALUE / 2;
    private boolean empty = true;

    public TrackAppearance(int dimension) {
        this.dimension = dimension;
        this.smoothed = new float[dimension];
        this.gallery = new float[GALLERY_SIZE * dimension];
    }

    /** Adds the view {@code embedding[offset..]} seen at {@code frame}; a gallery snapshot is taken at most every {@code snapshotEvery} frames. */
    public void update(float[] embedding, int offset, long frame, int snapshotEvery) {
        if (empty) {
            System.arraycopy(embedding, offset, smoothed, 0, dimension);
            empty = false;
        } else {
            double norm = 0;
            for (int i = 0; i < dimension; i++) {
                smoothed[i] = MOMENTUM * smoothed[i] + (1 - MOMENTUM) * embedding[offset + i];
                norm += smoothed[i] * smoothed[i];
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
            for (int i = 0; i < dimension; i++) {
                smoothed[i] *= scale;
            }
        }
        if (frame - lastSnapshotFrame >= snapshotEvery) {
            System.arraycopy(smoothed, 0, gallery, galleryNext * dimension, dimension);
            galleryNext = (galleryNext + 1) % GALLERY_SIZE;
            galleryCount = Math.min(GALLERY_SIZE, galleryCount + 1);
            lastSnapshotFrame = frame;
        }
    }

    public boolean isEmpty() {
        return empty;
    }

    /** BoT-SORT's appearance distance to the smoothed embedding: (1 - cosine) / 2, in [0, 1]. */
    public double distance(float[] embedding, int offset) {
        return (1 - Embeddings.cosine(smoothed, 0, embedding, offset, dimension)) / 2;
    }

    /** The smallest appearance distance to the smoothed embedding or any view in the gallery. */
    public double galleryDistance(float[] embedding, int offset) {
        double best = distance(embedding, offset);
        for (int g = 0; g < galleryCount; g++) {
            best = Math.min(best, (1 - Embeddings.cosine(gallery, g * dimension, embedding, offset, dimension)) / 2);
        }
        return best;
    }
}
