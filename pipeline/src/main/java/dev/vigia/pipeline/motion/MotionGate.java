package dev.vigia.pipeline.motion;

import dev.vigia.pipeline.track.Tracks;
import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decides, for one source, which frames go to the detector when detection is gated by motion.
 * Capture shows it every frame ({@link #offer}); on the frames the detection rate allows
 * ({@code detect_every} / {@code detect_fps}), a frame is detected when
 * <ol>
 *   <li>it is the source's first frame (what is there already needs tracks), or</li>
 *   <li>something moved since the last frame that was considered, or</li>
 *   <li>a tracked object was still moving at the last detection (it may glide where the pixels
 *       barely change, or inside a motion mask), or</li>
 *   <li>tracked objects exist and {@code confirm_interval} has passed since the last detection:
 *       an object that stopped is confirmed now and then rather than on every frame, and a track
 *       whose object left without visible motion is not kept alive by prediction forever.</li>
 * </ol>
 * Between detections the tracker advances tracks by prediction, as between {@code detect_fps} frames.
 * With a {@link DetectionBudget}, a frame the gate wants is detected only when the source's share
 * of the budget allows it; a refused frame leaves what moved pending for the next frame allowed.
 * Motion that no tracked object explains (its box's centre is outside every track's box, grown by
 * half) is an onset, which the budget allows on credit when the source's share is spent
 * ({@link DetectionBudget#allow(int, long, boolean)}).
 *
 * <p>Threads: {@link #offer} runs on the source's capture thread; {@link #tracked} on its tracking
 * stage's thread, which publishes three volatile values that capture reads.
 */
public final class MotionGate implements AutoCloseable {

    /**
     * Where each frame moved, in source pixels, hung on the frame by capture for the stages and
     * sinks behind it (empty for a source that is not gated): the dashboard's motion overlay.
     */
    public static final dev.vigia.pipeline.frame.FrameKey<MotionBoxes> BOXES = dev.vigia.pipeline.frame.FrameKey.of("motion boxes", MotionBoxes::new);

    /** A track moved when its centre shifted by more than this fraction of its height between two detections. */
    private static final float MOVED_FRACTION_OF_HEIGHT = 0.1f;

    private final MotionDetector detector;
    private final MotionBoxes boxes = new MotionBoxes();
    private final long confirmMicros;
    private final DetectionBudget budget;
    private final int budgetSource;
    private boolean first = true;
    private boolean movedSinceConsidered;
    private boolean unexplainedSinceConsidered;
    private boolean lastMoved;
    private long lastDetectMicros;

    private volatile int liveTracks;
    private volatile boolean tracksMoving;
    /** The tracks' boxes after the last tracked frame, four floats each (x1, y1, x2, y2), replaced whole. */
    private volatile float[] trackedBoxes = new float[0];
    // The tracking thread's own record of each track's centre at the previous detection.
    private int[] previousIds = new int[32];
    private float[] previousX = new float[32];
    private float[] previousY = new float[32];
    private int previousCount;

    public MotionGate(MotionConfig config) {
        this(config, null, -1);
    }

    /** A gate whose detections come out of {@code budget}, as its source number {@code source} ({@link DetectionBudget#source}). */
    public MotionGate(MotionConfig config, DetectionBudget budget, int source) {
        this.detector = new MotionDetector(config);
        this.confirmMicros = config.confirmInterval().toNanos() / 1000;
        this.budget = budget;
        this.budgetSource = source;
    }

    /**
     * Capture's question for each frame: look for motion, and say whether this frame is detected.
     * {@code onCadence} is whether the detection rate allows this frame at all.
     */
    public boolean offer(Mat frame, long timestampMicros, boolean onCadence) {
        boolean moved = detector.detect(frame, boxes);
        lastMoved = moved;
        if (moved) {
            movedSinceConsidered = true;
            unexplainedSinceConsidered |= budget != null && anyUnexplained();
        }
        if (budget != null) {
            budget.observe(budgetSource, timestampMicros, moved ? movedFraction(frame) : 0, tracksMoving, onCadence);
        }
        if (!onCadence) {
            return false;
        }
        boolean confirm = liveTracks > 0 && timestampMicros - lastDetectMicros >= confirmMicros;
        boolean detect = first || movedSinceConsidered || tracksMoving || confirm;
        if (detect && budget != null && !budget.allow(budgetSource, timestampMicros, unexplainedSinceConsidered)) {
            // The budget is short: what moved stays pending, so the next frame it allows is detected.
            return false;
        }
        movedSinceConsidered = false;
        unexplainedSinceConsidered = false;
        if (detect) {
            first = false;
            lastDetectMicros = timestampMicros;
        }
        return detect;
    }

    /** The fraction of the frame the motion boxes cover (they are merged where they touch, so barely overlap). */
    private double movedFraction(Mat frame) {
        double area = 0;
        for (int i = 0; i < boxes.size(); i++) {
            area += (boxes.x2(i) - boxes.x1(i)) * (double) (boxes.y2(i) - boxes.y1(i));
        }
        return Math.min(1, area / ((double) frame.cols() * frame.rows()));
    }

    /** Whether a motion box of the last frame has its centre outside every tracked box grown by half its size. */
    private boolean anyUnexplained() {
        float[] tracked = trackedBoxes;
        for (int i = 0; i < boxes.size(); i++) {
            float cx = (boxes.x1(i) + boxes.x2(i)) / 2;
            float cy = (boxes.y1(i) + boxes.y2(i)) / 2;
            boolean explained = false;
            for (int t = 0; t + 3 < tracked.length && !explained; t += 4) {
                float growX = (tracked[t + 2] - tracked[t]) / 2;
                float growY = (tracked[t + 3] - tracked[t + 1]) / 2;
                explained = cx >= tracked[t] - growX && cx <= tracked[t + 2] + growX && cy >= tracked[t + 1] - growY && cy <= tracked[t + 3] + growY;
            }
            if (!explained) {
                return true;
            }
        }
        return false;
    }

    /** Whether the last offered frame moved. */
    public boolean moved() {
        return lastMoved;
    }

    /** Where the last offered frame moved, in source pixels (read it on the capture thread). */
    public MotionBoxes boxes() {
        return boxes;
    }

    /**
     * The tracking stage's report after each frame: how many tracks there are and, on detected
     * frames, whether any of them moved since the previous detection.
     */
    public void tracked(Tracks tracks, boolean detected) {
        liveTracks = tracks.size();
        float[] boxesNow = new float[4 * tracks.size()];
        for (int i = 0; i < tracks.size(); i++) {
            boxesNow[4 * i] = tracks.x1(i);
            boxesNow[4 * i + 1] = tracks.y1(i);
            boxesNow[4 * i + 2] = tracks.x2(i);
            boxesNow[4 * i + 3] = tracks.y2(i);
        }
        trackedBoxes = boxesNow;
        if (!detected) {
            return;
        }
        boolean moving = false;
        for (int i = 0; i < tracks.size(); i++) {
            float cx = (tracks.x1(i) + tracks.x2(i)) / 2;
            float cy = (tracks.y1(i) + tracks.y2(i)) / 2;
            float limit = MOVED_FRACTION_OF_HEIGHT * (tracks.y2(i) - tracks.y1(i));
            int before = indexOf(tracks.id(i));
            if (before >= 0 && Math.hypot(cx - previousX[before], cy - previousY[before]) > limit) {
                moving = true;
            }
        }
        tracksMoving = moving;
        remember(tracks);
    }

    private int indexOf(int id) {
        for (int j = 0; j < previousCount; j++) {
            if (previousIds[j] == id) {
                return j;
            }
        }
        return -1;
    }

    private void remember(Tracks tracks) {
        int n = tracks.size();
        if (n > previousIds.length) {
            previousIds = Arrays.copyOf(previousIds, n * 2);
            previousX = Arrays.copyOf(previousX, n * 2);
            previousY = Arrays.copyOf(previousY, n * 2);
        }
        for (int i = 0; i < n; i++) {
            previousIds[i] = tracks.id(i);
            previousX[i] = (tracks.x1(i) + tracks.x2(i)) / 2;
            previousY[i] = (tracks.y1(i) + tracks.y2(i)) / 2;
        }
        previousCount = n;
    }

    /** Frames that changed almost everywhere and restarted the background (capture thread). */
    public long wholeFrameChanges() {
        return detector.wholeFrameChanges();
    }

    @Override
    public void close() {
        detector.close();
    }
}
