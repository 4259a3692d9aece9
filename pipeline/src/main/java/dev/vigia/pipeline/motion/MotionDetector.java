package dev.vigia.pipeline.motion;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32SC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.convertScaleAbs;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.accumulateWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import dev.vigia.pipeline.zones.Polygon;
import java.nio.IntBuffer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds where one source's frames move, in the manner of Frigate's motion detector: each frame
 * shrunk to a small grey image, compared with a running background (an exponential average),
 * thresholded, dilated, and its changed regions turned into boxes in source pixels. Masked
 * polygons never count. A frame that changes almost everywhere at once (lights, day/night, a
 * reconnect) is not motion: the background restarts from that frame instead, so the change does
 * not read as motion for the next seconds while the average catches up.
 *
 * <p>One instance per source, used by one thread. Hot path: every image buffer is a field reused
 * from frame to frame; the changed regions come from {@code connectedComponentsWithStats} as one
 * table, so no Java object is made per region.
 */
public final class MotionDetector implements AutoCloseable {

    /** How much slower the background learns where the frame moves than where it is still. */
    private static final double MOVING_ALPHA_FACTOR = 0.1;

    private final MotionConfig config;
    private final Mat still = new Mat();
    private final Mat grey = new Mat();
    private final Mat small = new Mat();
    private final Mat background = new Mat();
    private final Mat background8 = new Mat();
    private final Mat delta = new Mat();
    private final Mat changed = new Mat();
    private final Mat labels = new Mat();
    private final Mat regions = new Mat();
    private final Mat centroids = new Mat();
    private final Mat keep = new Mat();
    private final Mat kernel = new Mat();
    private final Point anchor = new Point(-1, -1);
    private final Size blur = new Size(3, 3);
    private final Scalar border = org.bytedeco.opencv.global.opencv_imgproc.morphologyDefaultBorderValue();
    private Size smallSize;
    private int sourceWidth = -1;
    private int sourceHeight = -1;
    private boolean hasMasks;
    private boolean started;
    private double changedFraction;
    private long wholeFrameChanges;

    public MotionDetector(MotionConfig config) {
        this.config = config;
    }

    /**
     * Looks at the next frame (BGR, source pixels) and writes where it moved into {@code boxes};
     * true when it moved. The first frame, and a frame after a size change, only start the
     * background.
     */
    public boolean detect(Mat frame, MotionBoxes boxes) {
        boxes.clear();
        if (frame.cols() != sourceWidth || frame.rows() != sourceHeight) {
            resizeTo(frame.cols(), frame.rows());
        }
        cvtColor(frame, grey, COLOR_BGR2GRAY);
        // Area averaging while shrinking, then a light blur: sensor noise and compression grain average away.
        resize(grey, small, smallSize, 0, 0, INTER_AREA);
        GaussianBlur(small, small, blur, 0);
        if (!started) {
            restartBackground();
            return false;
        }
        convertScaleAbs(background, background8);
        absdiff(small, background8, delta);
        threshold(delta, changed, config.threshold(), 255, THRESH_BINARY);
        if (hasMasks) {
            bitwise_and(changed, keep, changed);
        }
        changedFraction = countNonZero(changed) / (double) changed.total();
        if (changedFraction > config.wholeFrameFraction()) {
            // Lights, a day/night switch or a reconnect: the scene is new, not moving.
            wholeFrameChanges++;
            restartBackground();
            return false;
        }
        if (config.dilation() > 0) {
            dilate(changed, changed, kernel, anchor, config.dilation(), org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT,
                    border);
        }
        // Where the frame moved, the background learns ten times slower: a person walking through
        // leaves no ghost behind (the average never took them in), yet an object that parks fades
        // into the background within about 500 frames instead of counting as motion forever.
        bitwise_not(changed, still);
        accumulateWeighted(small, background, config.alpha(), still);
        accumulateWeighted(small, background, config.alpha() * MOVING_ALPHA_FACTOR, changed);
        int count = connectedComponentsWithStats(changed, labels, regions, centroids, 8, org.bytedeco.opencv.global.opencv_core.CV_32S);
        if (count <= 1) {
            return false;
        }
        // One row per region (row 0 is the background): left, top, width, height, area. The buffer
        // is a view of the native table (one small object on frames that move, no copy).
        IntBuffer table = regions.createBuffer();
        double scaleX = sourceWidth / (double) small.cols();
        double scaleY = sourceHeight / (double) small.rows();
        for (int r = 1; r < count; r++) {
            int at = r * 5;
            if (table.get(at + 4) < config.contourArea()) {
                continue;
            }
            int left = table.get(at);
            int top = table.get(at + 1);
            boxes.add((float) (left * scaleX), (float) (top * scaleY),
                    (float) Math.min(sourceWidth, (left + table.get(at + 2)) * scaleX),
                    (float) Math.min(sourceHeight, (top + table.get(at + 3)) * scaleY));
        }
        boxes.mergeTouching();
        return boxes.size() > 0;
    }

    /** Fraction of the grey frame that differed from the background at the last frame (after masks). */
    public double changedFraction() {
        return changedFraction;
    }

    /** Frames that changed almost everywhere and restarted the background. */
    public long wholeFrameChanges() {
        return wholeFrameChanges;
    }

    /** Forgets the background: the next frame starts it again (a source that reopened). */
    public void reset() {
        started = false;
    }

    private void restartBackground() {
        small.convertTo(background, CV_32F);
        started = true;
    }

    /** A new frame size: the grey frame keeps the source's aspect, masks are drawn again at the new scale. */
    private void resizeTo(int width, int height) {
        sourceWidth = width;
        sourceHeight = height;
        int h = Math.min(config.frameHeight(), height);
        int w = Math.max(1, (int) Math.round(width * (h / (double) height)));
        smallSize = new Size(w, h);
        started = false;
        hasMasks = !config.masks().isEmpty();
        if (hasMasks) {
            drawKeepMask(w, h);
        }
    }

    /** 255 where motion counts, 0 inside the masks, at the grey frame's size; drawn once per frame size. */
    private void drawKeepMask(int w, int h) {
        keep.create(h, w, CV_8U);
        keep.put(new Scalar(255));
        try (MatVector polygons = new MatVector()) {
            for (double[][] points : config.masks()) {
                Polygon polygon = Polygon.of(points);
                boolean fractions = Polygon.normalised(points);
                double sx = fractions ? w : w / (double) sourceWidth;
                double sy = fractions ? h : h / (double) sourceHeight;
                Mat corners = new Mat(polygon.size(), 1, CV_32SC2);
                IntPointer xy = new IntPointer(corners.data());
                for (int i = 0; i < polygon.size(); i++) {
                    xy.put(2L * i, (int) Math.round(polygon.x(i) * sx));
                    xy.put(2L * i + 1, (int) Math.round(polygon.y(i) * sy));
                }
                polygons.push_back(corners);
            }
            fillPoly(keep, polygons, new Scalar(0));
        }
    }

    @Override
    public void close() {
        for (Mat m : new Mat[] {still, grey, small, background, background8, delta, changed, labels, regions, centroids, keep, kernel}) {
            m.close();
        }
    }
}
