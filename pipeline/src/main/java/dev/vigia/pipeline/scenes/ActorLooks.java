package dev.vigia.pipeline.scenes;

import dev.vigia.models.boxes.Detections;
import dev.vigia.pipeline.track.reid.AppearanceEmbedder;
import dev.vigia.pipeline.track.reid.ColorStripeEmbedder;
import dev.vigia.pipeline.track.reid.Embeddings;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How each actor looks to the trackers' own appearance embedding ({@link ColorStripeEmbedder}),
 * taken on the middle frame of their walk inside the box of their mask. A turn-back needs two
 * people that re-identification can tell apart, and this says which are.
 */
final class ActorLooks {

    private final float[][] embeddings;

    ActorLooks(List<ActorClip> clips) {
        AppearanceEmbedder embedder = new ColorStripeEmbedder();
        embeddings = new float[clips.size()][];
        for (int c = 0; c < clips.size(); c++) {
            embeddings[c] = new float[embedder.dimension()];
            ActorClip clip = clips.get(c);
            if (clip.frames() > 0) {
                int middle = clip.frames() / 2;
                embed(embedder, clip.crops().get(middle), clip.alphas().get(middle), embeddings[c]);
            }
        }
    }

    private static void embed(AppearanceEmbedder embedder, Mat crop, Mat alpha, float[] out) {
        int[] box = maskBox(alpha);
        if (box == null) {
            return;
        }
        Detections one = new Detections();
        one.add(box[0], box[1], box[2] + 1, box[3] + 1, 1f, 0);
        embedder.embed(crop, one, new int[] {0}, 1, out);
    }

    /** The mask's box x1, y1, x2, y2 (inclusive) in crop pixels, or null for an empty mask. */
    private static int[] maskBox(Mat alpha) {
        byte[] values = new byte[alpha.cols() * alpha.rows()];
        (alpha.isContinuous() ? alpha : alpha.clone()).data().get(values);
        int x1 = Integer.MAX_VALUE;
        int y1 = Integer.MAX_VALUE;
        int x2 = -1;
        int y2 = -1;
        for (int r = 0; r < alpha.rows(); r++) {
            for (int c = 0; c < alpha.cols(); c++) {
                if ((values[r * alpha.cols() + c] & 0xFF) >= ActorMask.OPAQUE) {
                    x1 = Math.min(x1, c);
                    x2 = Math.max(x2, c);
                    y1 = Math.min(y1, r);
                    y2 = Math.max(y2, r);
                }
            }
        }
        return x2 < 0 ? null : new int[] {x1, y1, x2, y2};
    }

    /** The trackers' appearance distance between two actors, (1 - cosine) / 2: 0 alike, 0.5 nothing in common. */
    double distance(int clipA, int clipB) {
        return (1 - Embeddings.cosine(embeddings[clipA], 0, embeddings[clipB], 0, embeddings[clipA].length)) / 2;
    }
}
