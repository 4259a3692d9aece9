package dev.vigia.pipeline.render;

import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.line;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.track.RecentTracks;
import dev.vigia.pipeline.track.Tracks;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A trail of each track's recent foot points (bottom centre of its box) in the track's colour, ending
 * in a dot. Keeps the trails from frame to frame, so one instance per source.
 */
public final class TrailAnnotator implements Annotator {

    private static final int TRAIL_LENGTH = 32;
    private static final int FORGET_AFTER_FRAMES = 60;

    /** Recent foot points of one track, as a ring of points. */
    private static final class Trail {
        final int[] xs = new int[TRAIL_LENGTH];
        final int[] ys = new int[TRAIL_LENGTH];
        int count;
        int head;

        void add(int x, int y) {
            xs[head] = x;
            ys[head] = y;
            head = (head + 1) % TRAIL_LENGTH;
            count = Math.min(count + 1, TRAIL_LENGTH);
        }
    }

    private final RecentTracks<Trail> trails = new RecentTracks<>(FORGET_AFTER_FRAMES);
    // Reused between calls (hot path: no native allocation per segment).
    private final Point from = new Point();
    private final Point to = new Point();

    @Override
    public void annotate(Mat canvas, FrameEvent frame) {
        Tracks tracks = frame.tracks;
        for (int i = 0; i < tracks.size(); i++) {
            int id = tracks.id(i);
            Trail trail = trails.seen(id, frame.frameIndex, Trail::new);
            trail.add(Math.round((tracks.x1(i) + tracks.x2(i)) / 2), Math.round(tracks.y2(i)));
            draw(canvas, trail, Palette.color(id));
        }
        trails.retireBefore(frame.frameIndex, (id, trail) -> { });
    }

    private void draw(Mat canvas, Trail trail, Scalar color) {
        int oldest = (trail.head - trail.count + TRAIL_LENGTH) % TRAIL_LENGTH;
        for (int k = 1; k < trail.count; k++) {
            int a = (oldest + k - 1) % TRAIL_LENGTH;
            int b = (oldest + k) % TRAIL_LENGTH;
            line(canvas, from.x(trail.xs[a]).y(trail.ys[a]), to.x(trail.xs[b]).y(trail.ys[b]), color, 2, LINE_8, 0);
        }
        if (trail.count > 0) {
            int last = (trail.head - 1 + TRAIL_LENGTH) % TRAIL_LENGTH;
            circle(canvas, from.x(trail.xs[last]).y(trail.ys[last]), 3, color, -1, LINE_8, 0);
        }
    }

    @Override
    public void close() {
        from.close();
        to.close();
    }
}
