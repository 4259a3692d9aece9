package dev.vigia.pipeline.scenes;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws a {@link SceneScript} frame by frame onto its plate and measures, exactly, what it drew:
 * every actor's full box (the bounding box of its scaled mask) and the share of the mask left
 * visible by nearer actors (feet lower in the picture are nearer), the piece of the scene in front,
 * and the picture's border. Then the light's gain and sensor noise. One thread; frames in any order
 * give the same pixels, as nothing but the frame index decides them.
 */
public final class SceneRenderer {

    /** Gaussian noise values (unit sigma, times 64) drawn once per sequence and read at a per-frame offset. */
    private static final int NOISE_TABLE = 1 << 20;

    private final SceneScript script;
    private final List<ActorClip> clips;
    private final Perspective perspective;
    private final byte[] plate;
    private final int width;
    private final int height;
    private final byte[] canvas;
    private final int[] owner;
    private final short[] noise;
    private final long noiseSeed;

    /** An actor as placed in one frame: its scaled crop and alpha, and where their top-left pixel lands. */
    private record Placed(int identity, Mat crop, byte[] alpha, int cols, int rows, int left, int top, double footY,
            int maskLeft, int maskTop, int maskRight, int maskBottom, int maskPixels) {}

    public SceneRenderer(SceneScript script, List<ActorClip> clips, Perspective perspective, Mat plate, long noiseSeed) {
        if (plate.cols() != script.width() || plate.rows() != script.height() || plate.type() != CV_8UC3) {
            throw new IllegalArgumentException("the plate must be a " + script.width() + "x" + script.height() + " BGR image");
        }
        this.script = script;
        this.clips = clips;
        this.perspective = perspective;
        this.width = script.width();
        this.height = script.height();
        this.plate = new byte[width * height * 3];
        (plate.isContinuous() ? plate : plate.clone()).data().get(this.plate);
        this.canvas = new byte[this.plate.length];
        this.owner = new int[width * height];
        this.noiseSeed = noiseSeed;
        Random random = new Random(noiseSeed);
        this.noise = new short[NOISE_TABLE];
        for (int i = 0; i < NOISE_TABLE; i++) {
            noise[i] = (short) Math.round(random.nextGaussian() * 64);
        }
    }

    /** Draws frame {@code index} (0-based) into {@code bgr} (made {@code width}x{@code height} BGR) and returns its ground truth. */
    public List<GroundTruthRow> render(int index, Mat bgr) {
        double t = index / script.fps();
        List<Placed> placed = new ArrayList<>();
        for (Appearance appearance : script.appearances()) {
            if (appearance.activeAt(t)) {
                Placed actor = place(appearance, t);
                if (actor != null) {
                    placed.add(actor);
                }
            }
        }
        // Far to near: a nearer actor is drawn over a farther one. Ties by id keep frames reproducible.
        placed.sort(Comparator.comparingDouble(Placed::footY).thenComparingInt(Placed::identity));
        System.arraycopy(plate, 0, canvas, 0, plate.length);
        java.util.Arrays.fill(owner, 0);
        int[] pieces = script.occluder();
        // The piece of the scene stands where its bottom meets the ground: actors farther than that walk behind it.
        int ground = pieces == null ? Integer.MIN_VALUE : groundRow(pieces);
        boolean pasted = pieces == null;
        for (Placed actor : placed) {
            if (!pasted && actor.footY >= ground) {
                pasteOccluder(pieces);
                pasted = true;
            }
            composite(actor);
        }
        if (!pasted) {
            pasteOccluder(pieces);
        }
        List<GroundTruthRow> rows = new ArrayList<>();
        for (Placed actor : placed) {
            int visible = 0;
            int inside = 0;
            for (int y = Math.max(0, actor.top); y < Math.min(height, actor.top + actor.rows); y++) {
                for (int x = Math.max(0, actor.left); x < Math.min(width, actor.left + actor.cols); x++) {
                    if ((actor.alpha[(y - actor.top) * actor.cols + x - actor.left] & 0xFF) >= ActorMask.OPAQUE) {
                        inside++;
                        if (owner[y * width + x] == actor.identity) {
                            visible++;
                        }
                    }
                }
            }
            if (inside > 0) {
                rows.add(new GroundTruthRow(index + 1, actor.identity, actor.left + actor.maskLeft, actor.top + actor.maskTop,
                        actor.maskRight - actor.maskLeft + 1, actor.maskBottom - actor.maskTop + 1,
                        (double) visible / actor.maskPixels));
            }
            actor.crop.close();
        }
        rows.sort(Comparator.comparingInt(GroundTruthRow::id));
        finish(index, t);
        bgr.create(height, width, CV_8UC3);
        bgr.data().put(canvas);
        return rows;
    }

    private Placed place(Appearance appearance, double t) {
        ActorClip clip = clips.get(appearance.clip());
        double x = appearance.x(t);
        double y = appearance.y(t);
        int frame = (int) Math.floor(appearance.walkingSeconds(t) * script.fps()) % clip.frames();
        double scale = perspective.heightAt(y) / clip.referenceHeight();
        Mat source = clip.crops().get(frame);
        int cols = Math.max(1, (int) Math.round(source.cols() * scale));
        int rows = Math.max(1, (int) Math.round(source.rows() * scale));
        Mat crop = new Mat();
        Mat alphaMat = new Mat();
        int interpolation = scale < 1 ? INTER_AREA : INTER_LINEAR;
        try (Size size = new Size(cols, rows)) {
            resize(source, crop, size, 0, 0, interpolation);
            resize(clip.alphas().get(frame), alphaMat, size, 0, 0, interpolation);
        }
        double footX = clip.footX()[frame];
        if (appearance.facingRight(t) != clip.facingRight()) {
            flip(crop, crop, 1);
            flip(alphaMat, alphaMat, 1);
            footX = source.cols() - footX;
        }
        byte[] alpha = new byte[cols * rows];
        (alphaMat.isContinuous() ? alphaMat : alphaMat.clone()).data().get(alpha);
        alphaMat.close();
        int left = (int) Math.round(x - footX * scale);
        int top = (int) Math.round(y - clip.footY()[frame] * scale);
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        int pixels = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if ((alpha[r * cols + c] & 0xFF) >= ActorMask.OPAQUE) {
                    pixels++;
                    minX = Math.min(minX, c);
                    maxX = Math.max(maxX, c);
                    minY = Math.min(minY, r);
                    maxY = Math.max(maxY, r);
                }
            }
        }
        if (pixels == 0) {
            crop.close();
            return null;
        }
        return new Placed(appearance.identity(), crop, alpha, cols, rows, left, top, y, minX, minY, maxX, maxY, pixels);
    }

    private void composite(Placed actor) {
        Mat crop = actor.crop.isContinuous() ? actor.crop : actor.crop.clone();
        byte[] pixels = new byte[actor.cols * actor.rows * 3];
        crop.data().get(pixels);
        for (int y = Math.max(0, actor.top); y < Math.min(height, actor.top + actor.rows); y++) {
            for (int x = Math.max(0, actor.left); x < Math.min(width, actor.left + actor.cols); x++) {
                int a = actor.alpha[(y - actor.top) * actor.cols + x - actor.left] & 0xFF;
                if (a == 0) {
                    continue;
                }
                int at = (y * width + x) * 3;
                int from = ((y - actor.top) * actor.cols + x - actor.left) * 3;
                for (int ch = 0; ch < 3; ch++) {
                    int under = canvas[at + ch] & 0xFF;
                    int over = pixels[from + ch] & 0xFF;
                    canvas[at + ch] = (byte) ((under * (255 - a) + over * a + 127) / 255);
                }
                if (a >= ActorMask.OPAQUE) {
                    owner[y * width + x] = actor.identity;
                }
            }
        }
    }

    /** The bottom row of the scene's piece (boxes x, y, w, h one after another): where it stands. */
    static int groundRow(int[] pieces) {
        int ground = Integer.MIN_VALUE;
        for (int i = 0; i + 3 < pieces.length; i += 4) {
            ground = Math.max(ground, pieces[i + 1] + pieces[i + 3]);
        }
        return ground;
    }

    /** The plate's own pixels back over the actors inside the boxes: that piece of the scene stands in front of them. */
    private void pasteOccluder(int[] pieces) {
        for (int i = 0; i + 3 < pieces.length; i += 4) {
            int x1 = Math.max(0, pieces[i]);
            int x2 = Math.min(width, pieces[i] + pieces[i + 2]);
            for (int y = Math.max(0, pieces[i + 1]); y < Math.min(height, pieces[i + 1] + pieces[i + 3]) && x2 > x1; y++) {
                int from = (y * width + x1) * 3;
                System.arraycopy(plate, from, canvas, from, (x2 - x1) * 3);
                java.util.Arrays.fill(owner, y * width + x1, y * width + x2, -1);
            }
        }
    }

    /** Light and sensor noise, decided by the frame index alone. */
    private void finish(int index, double t) {
        double gain = script.gainAt(t);
        double sigma = script.noiseSigma();
        long mix = (noiseSeed ^ (index * 0x9E3779B97F4A7C15L)) * 0xBF58476D1CE4E5B9L;
        int offset = (int) ((mix >>> 33) % NOISE_TABLE);
        int gainFixed = (int) Math.round(gain * 1024);
        int sigmaFixed = (int) Math.round(sigma * 16);
        for (int i = 0; i < canvas.length; i++) {
            int value = ((canvas[i] & 0xFF) * gainFixed + 512) >> 10;
            value += (noise[(offset + i) & (NOISE_TABLE - 1)] * sigmaFixed) >> 10;
            canvas[i] = (byte) Math.max(0, Math.min(255, value));
        }
    }

}
