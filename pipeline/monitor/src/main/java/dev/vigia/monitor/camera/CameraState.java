package dev.vigia.monitor.camera;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the dashboard and the metrics read of one camera while it runs: the latest annotated frame
 * as JPEG, when it arrived, and the live zone occupancy and line counts. Written by the camera's
 * stages, read from web threads: every field is published whole (volatile).
 */
public final class CameraState {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong detectedFrames = new AtomicLong();
    private volatile byte[] latestJpeg;
    private volatile long lastFrameNanos;
    private volatile long previousFrameNanos;
    private volatile ObjectNode scene = JSON.createObjectNode();
    private volatile int activeObjects;
    private volatile int objectsInZones;
    /** The last frame's motion boxes in its pixels, x1 y1 x2 y2 each, and its size: replaced whole, never changed. */
    private volatile float[] motionBoxes = new float[0];
    private volatile int motionWidth;
    private volatile int motionHeight;
    private volatile dev.vigia.pipeline.motion.DetectionBudget.Share budgetShare;

    public CameraState(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    void frame(byte[] jpeg) {
        latestJpeg = jpeg;
        previousFrameNanos = lastFrameNanos;
        lastFrameNanos = System.nanoTime();
        frames.incrementAndGet();
        synchronized (this) {
            notifyAll();
        }
    }

    /** Waits up to {@code millis} for a frame after {@code seen} (a count from {@link #frames()}); the newest JPEG. */
    public byte[] awaitFrame(long seen, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (this) {
            while (frames.get() <= seen) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
        }
        return latestJpeg;
    }

    void detected() {
        detectedFrames.incrementAndGet();
    }

    /** Frames the detector ran on. */
    public long detectedFrames() {
        return detectedFrames.get();
    }

    void scene(ObjectNode counts, int active, int inZones) {
        this.scene = counts;
        this.activeObjects = active;
        this.objectsInZones = inZones;
    }

    /** Where the last frame moved (motion gating): {@code boxes} holds x1, y1, x2, y2 per box, in pixels of a {@code width} x {@code height} frame. */
    public void motion(float[] boxes, int width, int height) {
        this.motionWidth = width;
        this.motionHeight = height;
        this.motionBoxes = boxes;
    }

    /** {@code {"width", "height", "boxes": [[x1, y1, x2, y2], ...]}} of the last frame, in its pixels; no boxes when it is not gated. */
    public ObjectNode motionJson() {
        float[] boxes = motionBoxes;
        ObjectNode node = JSON.createObjectNode().put("width", motionWidth).put("height", motionHeight);
        var list = node.putArray("boxes");
        for (int i = 0; i + 3 < boxes.length; i += 4) {
            list.addArray().add(Math.round(boxes[i])).add(Math.round(boxes[i + 1])).add(Math.round(boxes[i + 2])).add(Math.round(boxes[i + 3]));
        }
        return node;
    }

    /** This camera's part of the detection budget, as sampled; null without a budget. */
    public void budget(dev.vigia.pipeline.motion.DetectionBudget.Share share) {
        this.budgetShare = share;
    }

    public dev.vigia.pipeline.motion.DetectionBudget.Share budget() {
        return budgetShare;
    }

    /** The newest annotated frame, or null before the first one. */
    public byte[] latestJpeg() {
        return latestJpeg;
    }

    public long frames() {
        return frames.get();
    }

    /** Seconds since the last frame, or -1 before the first. */
    public double lastFrameAgeSeconds() {
        long last = lastFrameNanos;
        return last == 0 ? -1 : (System.nanoTime() - last) / 1e9;
    }

    /** Seconds since the frame before the last, or -1 before the second frame: two recent frames mean frames flow. */
    public double previousFrameAgeSeconds() {
        long previous = previousFrameNanos;
        return previous == 0 ? -1 : (System.nanoTime() - previous) / 1e9;
    }

    /** {@code {"lines": ..., "zones": ...}} as {@code SceneCounter} reports them, for the last frame. */
    public ObjectNode scene() {
        return scene;
    }

    public int activeObjects() {
        return activeObjects;
    }

    /** Objects inside the camera's zones after the last frame, counted once per zone they are in. */
    public int objectsInZones() {
        return objectsInZones;
    }
}
