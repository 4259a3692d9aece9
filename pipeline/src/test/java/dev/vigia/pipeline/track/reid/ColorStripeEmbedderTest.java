package dev.vigia.pipeline.track.reid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detections;
import dev.vigia.pipeline.TestVideos;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class ColorStripeEmbedderTest {

    /**
     * Boxes checked by eye on vtest.avi frames 0 and 10 (one second apart): the man in blue jeans
     * walking down from the car park, the man in a long dark coat on the right, and the man in a
     * dark jacket on the left.
     */
    private static final float[][] FRAME_0 = {{501, 156, 529, 234}, {640, 238, 684, 324}, {253, 220, 282, 310}};
    private static final float[][] FRAME_10 = {{466, 168, 502, 245}, {550, 237, 581, 324}, {315, 208, 354, 292}};

    private static float[] embed(ColorStripeEmbedder embedder, Mat frame, float[][] boxes) {
        Detections detections = new Detections();
        for (float[] b : boxes) {
            detections.add(b[0], b[1], b[2], b[3], 0.9f, 0);
        }
        float[] out = new float[boxes.length * embedder.dimension()];
        embedder.embed(frame, detections, new int[] {0, 1, 2}, boxes.length, out);
        return out;
    }

    @Test
    void aPersonLooksMoreLikeHimselfASecondLaterThanLikeAnyoneElse() {
        List<Mat> frames = TestVideos.frames("vtest.avi", 0, 10);
        ColorStripeEmbedder embedder = new ColorStripeEmbedder();
        int dim = embedder.dimension();
        float[] before = embed(embedder, frames.get(0), FRAME_0);
        float[] after = embed(embedder, frames.get(10), FRAME_10);
        for (int k = 0; k < 3; k++) {
            assertEquals(1, Embeddings.cosine(before, k * dim, before, k * dim, dim), 1e-4, "unit length");
        }
        // The jeans and the long coat are told apart from everyone; the two dark-clad men (1 and 2)
        // are close in colour, which is why appearance only ever lowers a cost among nearby boxes.
        for (int person : new int[] {0, 1}) {
            float self = Embeddings.cosine(before, person * dim, after, person * dim, dim);
            for (int other = 0; other < 3; other++) {
                if (other != person) {
                    float stranger = Embeddings.cosine(before, person * dim, after, other * dim, dim);
                    assertTrue(self > stranger + 0.05, "person " + person + ": self " + self + ", person " + other + " " + stranger);
                }
            }
        }
    }

    @Test
    void aBoxOutsideTheFrameHasTheZeroEmbedding() {
        Mat frame = TestVideos.frames("vtest.avi", 0, 0).get(0);
        ColorStripeEmbedder embedder = new ColorStripeEmbedder();
        float[] out = embed(embedder, frame, new float[][] {{900, 700, 950, 800}, {-60, -80, -10, -5}, {501, 156, 529, 234}});
        for (int i = 0; i < 2 * embedder.dimension(); i++) {
            assertEquals(0f, out[i], "box " + i / embedder.dimension());
        }
        float norm = Embeddings.cosine(out, 2 * embedder.dimension(), out, 2 * embedder.dimension(), embedder.dimension());
        assertEquals(1, norm, 1e-4);
    }
}
