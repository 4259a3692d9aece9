package dev.vigia.pipeline.scenes;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ground truth against what was drawn. Drawn once on a black plate and once on a white one, a
 * pixel of alpha a comes out as B = round(over·a/255) and W = (255 − a) + B, so a = 255 − (W − B)
 * exactly: the actor's mask is read back from the two pictures, without the renderer's own mask.
 */
class SceneRendererTest {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    /** Hand-picked: 100 px tall with the feet on row 200, 50 px on row 60. */
    static final Perspective PERSPECTIVE = new Perspective(50.0 / 140, 100 - 200 * 50.0 / 140, 60, 200);

    private static ActorClip walker;

    @BeforeAll
    static void cutOut() {
        walker = TestActors.walker();
    }

    /** A script in which everyone stands still from frame 0, feet at the given points. */
    private static SceneScript standing(int[] occluder, double... feet) {
        List<Appearance> appearances = new java.util.ArrayList<>();
        for (int i = 0; i < feet.length; i += 2) {
            appearances.add(new Appearance(i / 2 + 1, 0, new double[] {0, 10}, new double[] {feet[i], feet[i]},
                    new double[] {feet[i + 1], feet[i + 1]}));
        }
        return new SceneScript("test", "test", 1, 10, WIDTH, HEIGHT, appearances, occluder, new double[0], new double[0], 0, 23,
                new double[] {160, 0, 160, 240}, new double[] {0, 0, 10, 0, 10, 10});
    }

    private static Mat plain(int grey) {
        return new Mat(HEIGHT, WIDTH, CV_8UC3, new Scalar(grey, grey, grey, 0));
    }

    /** The actor's mask as drawn: alpha read back from a black and a white plate, 128 and above. */
    private static boolean[] drawnMask(SceneScript script, List<List<GroundTruthRow>> truth) {
        Mat black = new Mat();
        Mat white = new Mat();
        truth.add(new SceneRenderer(script, List.of(walker), PERSPECTIVE, plain(0), 7).render(0, black));
        truth.add(new SceneRenderer(script, List.of(walker), PERSPECTIVE, plain(255), 7).render(0, white));
        byte[] b = new byte[WIDTH * HEIGHT * 3];
        byte[] w = new byte[b.length];
        black.data().get(b);
        white.data().get(w);
        boolean[] mask = new boolean[WIDTH * HEIGHT];
        for (int i = 0; i < mask.length; i++) {
            int alpha = 255 - ((w[i * 3] & 0xFF) - (b[i * 3] & 0xFF));
            mask[i] = alpha >= 128;
        }
        return mask;
    }

    private static int[] bounds(boolean[] mask) {
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                if (mask[y * WIDTH + x]) {
                    box[0] = Math.min(box[0], x);
                    box[1] = Math.min(box[1], y);
                    box[2] = Math.max(box[2], x);
                    box[3] = Math.max(box[3], y);
                }
            }
        }
        return box;
    }

    private static int count(boolean[] mask) {
        int n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        return n;
    }

    @Test
    void theBoxIsTheDrawnMasksBoundingBoxToThePixel() {
        List<List<GroundTruthRow>> truth = new java.util.ArrayList<>();
        int[] drawn = bounds(drawnMask(standing(null, 150, 180), truth));
        GroundTruthRow row = truth.get(0).get(0);
        assertEquals(truth.get(0), truth.get(1), "the plate does not change the ground truth");
        assertEquals(1, row.frame());
        assertEquals(1, row.id());
        assertEquals(drawn[0], row.left());
        assertEquals(drawn[1], row.top());
        assertEquals(drawn[2] - drawn[0] + 1, row.width());
        assertEquals(drawn[3] - drawn[1] + 1, row.height());
        assertEquals(1.0, row.visibility());
        // Scaled for the perspective: 100 px tall at row 200, so about 93 at row 180 (the mask is a little shorter than the box).
        assertTrue(row.height() > 75 && row.height() <= 100, "height " + row.height());
        assertTrue(row.top() + row.height() >= 170 && row.top() + row.height() <= 190, "feet at " + (row.top() + row.height()));
    }

    @Test
    void partlyOutsideThePictureTheBoxStaysWholeAndVisibilityCountsWhatIsIn() {
        List<List<GroundTruthRow>> whole = new java.util.ArrayList<>();
        int inside = count(drawnMask(standing(null, 150, 180), whole));
        List<List<GroundTruthRow>> cut = new java.util.ArrayList<>();
        boolean[] shown = drawnMask(standing(null, 150 - 160, 180), cut);
        GroundTruthRow full = whole.get(0).get(0);
        GroundTruthRow edge = cut.get(0).get(0);
        assertEquals(full.left() - 160, edge.left());
        assertTrue(edge.left() < 0, "the box starts left of the picture");
        assertEquals(full.width(), edge.width());
        assertEquals(full.height(), edge.height());
        int[] drawn = bounds(shown);
        assertEquals(0, drawn[0]);
        assertEquals(edge.left() + edge.width() - 1, drawn[2]);
        assertEquals((double) count(shown) / inside, edge.visibility(), 1e-12);
        assertTrue(edge.visibility() > 0 && edge.visibility() < 1);
    }

    @Test
    void behindThePieceOfTheSceneTheHiddenShareIsOutOfVisibility() {
        List<List<GroundTruthRow>> whole = new java.util.ArrayList<>();
        int[] drawn = bounds(drawnMask(standing(null, 150, 180), whole));
        int all = count(drawnMask(standing(null, 150, 180), new java.util.ArrayList<>()));
        // A post over the left half of her, standing on row 230: she is farther (feet on 180), so behind it.
        int[] post = {drawn[0], 20, (drawn[2] - drawn[0]) / 2, 210};
        List<List<GroundTruthRow>> hidden = new java.util.ArrayList<>();
        int seen = count(drawnMask(standing(post, 150, 180), hidden));
        GroundTruthRow row = hidden.get(0).get(0);
        assertEquals(whole.get(0).get(0).left(), row.left());
        assertEquals(whole.get(0).get(0).width(), row.width());
        assertEquals((double) seen / all, row.visibility(), 1e-12);
        assertTrue(row.visibility() < 0.8 && row.visibility() > 0.2, "visibility " + row.visibility());
        // In front of the post (feet below its bottom row) nothing of her is hidden.
        int[] shortPost = {drawn[0], 20, (drawn[2] - drawn[0]) / 2, 150};
        List<List<GroundTruthRow>> front = new java.util.ArrayList<>();
        drawnMask(standing(shortPost, 150, 180), front);
        assertEquals(1.0, front.get(0).get(0).visibility());
    }

    @Test
    void theNearerOfTwoHidesTheFarther() {
        List<List<GroundTruthRow>> truth = new java.util.ArrayList<>();
        drawnMask(standing(null, 150, 170, 158, 185), truth);
        List<GroundTruthRow> rows = truth.get(0);
        assertEquals(2, rows.size());
        GroundTruthRow far = rows.get(0);
        GroundTruthRow near = rows.get(1);
        assertEquals(1.0, near.visibility());
        assertTrue(far.visibility() < 0.9, "the farther one is partly hidden: " + far.visibility());
        assertTrue(far.height() < near.height(), "the farther one is smaller");
    }
}
