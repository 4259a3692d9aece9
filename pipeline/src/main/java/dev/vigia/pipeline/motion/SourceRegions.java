package dev.vigia.pipeline.motion;

import dev.vigia.pipeline.track.Tracks;
import java.util.Arrays;

/**
 * One source's region planning: where its last frame moved (from its {@link MotionGate}) and where
 * its tracked objects were last seen, grouped into crops by a {@link RegionPlanner}.
 *
 * <p>Threads: {@link #tracked} runs on the source's tracking stage after each frame, {@link #plan}
 * on its capture thread; the track boxes pass between them under this object's lock (a handful of
 * floats per frame).
 */
public final class SourceRegions {

    private final RegionPlanner planner;
    private float[] trackBoxes = new float[64];
    private int trackCount;

    /** @param inputWidth the model input's width, @param inputHeight its height, in pixels */
    public SourceRegions(int inputWidth, int inputHeight) {
        this.planner = new RegionPlanner(inputWidth, inputHeight);
    }

    /** The tracking stage's report: the boxes of the source's tracks after the last frame (predicted between detections). */
    public synchronized void tracked(Tracks tracks) {
        int n = tracks.size();
        if (n * 4 > trackBoxes.length) {
            trackBoxes = Arrays.copyOf(trackBoxes, n * 8);
        }
        for (int i = 0; i < n; i++) {
            trackBoxes[i * 4] = tracks.x1(i);
            trackBoxes[i * 4 + 1] = tracks.y1(i);
            trackBoxes[i * 4 + 2] = tracks.x2(i);
            trackBoxes[i * 4 + 3] = tracks.y2(i);
        }
        trackCount = n;
    }

    /** Plans the crops of a frame that is to be detected: its motion boxes and the last track boxes. */
    public synchronized void plan(int frameWidth, int frameHeight, MotionBoxes motion, RegionPlan into) {
        planner.clear();
        for (int i = 0; i < motion.size(); i++) {
            planner.add(motion.x1(i), motion.y1(i), motion.x2(i), motion.y2(i));
        }
        for (int i = 0; i < trackCount; i++) {
            planner.add(trackBoxes[i * 4], trackBoxes[i * 4 + 1], trackBoxes[i * 4 + 2], trackBoxes[i * 4 + 3]);
        }
        planner.plan(frameWidth, frameHeight, into);
    }
}
