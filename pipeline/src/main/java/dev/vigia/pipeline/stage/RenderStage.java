package dev.vigia.pipeline.stage;

import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.mask.MaskStage;
import dev.vigia.pipeline.mask.TrackMasks;
import dev.vigia.pipeline.render.DetectionPainter;
import dev.vigia.pipeline.render.MaskPainter;
import dev.vigia.pipeline.render.Palette;
import dev.vigia.pipeline.track.RecentTracks;
import dev.vigia.pipeline.track.Tracks;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws the tracks onto the frame: a box coloured by track id with "#id label score", a trail of
 * recent box centres, and a heads-up line (fps, per-stage milliseconds, drops) from its source's statistics.
 *
 * <p>Masks (a later release) are drawn before the boxes, so the boxes stay readable.
 */
public final class RenderStage implements Stage {

    private static final int TRAIL_LENGTH = 32;
    private static final int FORGET_AFTER_FRAMES = 60;
    private static final int HUD_REFRESH_FRAMES = 15;
    private static final Scalar HUD_COLOR = new Scalar(255, 255, 255, 0);
    private static final Scalar HUD_SHADOW = new Scalar(0, 0, 0, 0);

    /** Recent centres of one track, as a ring of points. */
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

    /**
     * The figures the heads-up line shows, as the engine's statistics give them (PipelineStats);
     * an interface so drawing does not depend on the engine that runs it.
     */
    public interface Figures {

        /** Frames per second through every stage so far. */
        double currentFps();

        /** Median milliseconds of each stage so far, in pipeline order. */
        Map<String, Double> stageMedians();

        long framesDropped();
    }

    private final LabelMap labels;
    private final Figures stats;
    private final boolean headsUp;
    private final RecentTracks<Trail> trails = new RecentTracks<>(FORGET_AFTER_FRAMES);
    private final DetectionPainter painter = new DetectionPainter();
    private final MaskPainter masks = new MaskPainter();
    private java.util.List<String> hud = java.util.List.of();
    private final int[] baseline = new int[1];

    public RenderStage(LabelMap labels, Figures stats, boolean headsUp) {
        this.labels = labels;
        this.stats = stats;
        this.headsUp = headsUp;
    }

    @Override
    public String name() {
        return "render";
    }

    @Override
    public void onStop() {
        masks.close();
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        Mat frame = event.image;
        Tracks tracks = event.tracks;
        // Masks belong to tracks (MaskStage), so they keep their track's colour and follow it between detections.
        TrackMasks trackMasks = event.attribute(MaskStage.MASKS);
        for (int i = 0; i < tracks.size(); i++) {
            TrackMasks.Placed placed = trackMasks.of(i);
            if (placed != null) {
                masks.overlay(frame, placed.mask, placed.left, placed.top, Palette.color(tracks.id(i)));
            }
        }
        for (int i = 0; i < tracks.size(); i++) {
            int id = tracks.id(i);
            Trail trail = trails.seen(id, event.frameIndex, Trail::new);
            trail.add(Math.round((tracks.x1(i) + tracks.x2(i)) / 2), Math.round(tracks.y2(i)));
            drawTrail(frame, trail, Palette.color(id));
            String tag = String.format(Locale.ROOT, "#%d %s %.2f", id, labels.name(tracks.classId(i)), tracks.score(i));
            painter.box(frame, tracks.x1(i), tracks.y1(i), tracks.x2(i), tracks.y2(i), Palette.color(id), tag);
        }
        trails.retireBefore(event.frameIndex, (id, trail) -> { });
        if (headsUp) {
            if (event.frameIndex % HUD_REFRESH_FRAMES == 0) {
                hud = wrap(headsUpParts(), frame.cols() - 16);
            }
            for (int line = 0; line < hud.size(); line++) {
                int y = 20 + 18 * line;
                putText(frame, hud.get(line), painter.point(9, y + 1), FONT_HERSHEY_SIMPLEX, 0.5, HUD_SHADOW, 2, LINE_AA, false);
                putText(frame, hud.get(line), painter.point(8, y), FONT_HERSHEY_SIMPLEX, 0.5, HUD_COLOR, 1, LINE_AA, false);
            }
        }
    }

    private void drawTrail(Mat frame, Trail trail, Scalar color) {
        int oldest = (trail.head - trail.count + TRAIL_LENGTH) % TRAIL_LENGTH;
        for (int k = 1; k < trail.count; k++) {
            int a = (oldest + k - 1) % TRAIL_LENGTH;
            int b = (oldest + k) % TRAIL_LENGTH;
            line(frame, painter.point(trail.xs[a], trail.ys[a]), painter.otherPoint(trail.xs[b], trail.ys[b]), color, 2, LINE_8, 0);
        }
        if (trail.count > 0) {
            int last = (trail.head - 1 + TRAIL_LENGTH) % TRAIL_LENGTH;
            circle(frame, painter.point(trail.xs[last], trail.ys[last]), 3, color, -1, LINE_8, 0);
        }
    }

    private java.util.List<String> headsUpParts() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%.1f fps", stats.currentFps()));
        stats.stageMedians().forEach((stage, ms) -> parts.add(String.format(Locale.ROOT, "%s %.0f ms", stage, ms)));
        parts.add("dropped " + stats.framesDropped());
        return parts;
    }

    /** Joins the parts with " | " into as few lines as fit the frame's width. */
    private java.util.List<String> wrap(java.util.List<String> parts, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        String line = "";
        for (String part : parts) {
            String candidate = line.isEmpty() ? part : line + " | " + part;
            try (org.bytedeco.opencv.opencv_core.Size size = org.bytedeco.opencv.global.opencv_imgproc.getTextSize(
                    candidate, FONT_HERSHEY_SIMPLEX, 0.5, 1, baseline)) {
                if (size.width() > width && !line.isEmpty()) {
                    lines.add(line);
                    line = part;
                } else {
                    line = candidate;
                }
            }
        }
        if (!line.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }
}
