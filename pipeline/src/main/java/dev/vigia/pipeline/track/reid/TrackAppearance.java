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

    /**
     * Takes {@code older}'s gallery views in before this one's, keeping the newest
     * {@link #GALLERY_SIZE}: a track that turned out to be a returning object remembers how it
     * looked before it left.
     */
    public void adoptGallery(TrackAppearance older) {
        float[] merged = new float[GALLERY_SIZE * dimension];
        int count = 0;
        for (TrackAppearance source : new TrackAppearance[] {older, this}) {
            // Oldest first: the ring's next slot holds the oldest view once it is full.
            int start = source.galleryCount < GALLERY_SIZE ? 0 : source.galleryNext;
            for (int g = 0; g < source.galleryCount; g++) {
                int slot = (start + g) % GALLERY_SIZE;
                int into = count % GALLERY_SIZE;
                System.arraycopy(source.gallery, slot * dimension, merged, into * dimension, dimension);
                count++;
            }
        }
        System.arraycopy(merged, 0, gallery, 0, merged.length);
        galleryCount = Math.min(GALLERY_SIZE, count);
        galleryNext = count % GALLERY_SIZE;
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
