package dev.vigia.pipeline.render;

import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import dev.vigia.pipeline.frame.FrameEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The heads-up line at the top left: frames per second, each stage's median milliseconds and the
 * drops, from its source's statistics, wrapped to the frame's width and refreshed every
 * {@value #REFRESH_FRAMES} frames so it can be read.
 */
public final class HeadsUpAnnotator implements Annotator {

    private static final int REFRESH_FRAMES = 15;
    private static final Scalar TEXT = new Scalar(255, 255, 255, 0);
    private static final Scalar SHADOW = new Scalar(0, 0, 0, 0);

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

    private final Figures stats;
    private List<String> lines = List.of();
    private final int[] baseline = new int[1];
    private final Point at = new Point();

    public HeadsUpAnnotator(Figures stats) {
        this.stats = stats;
    }

    @Override
    public void annotate(Mat canvas, FrameEvent frame) {
        if (frame.frameIndex % REFRESH_FRAMES == 0) {
            lines = wrap(parts(), canvas.cols() - 16);
        }
        for (int line = 0; line < lines.size(); line++) {
            int y = 20 + 18 * line;
            putText(canvas, lines.get(line), at.x(9).y(y + 1), FONT_HERSHEY_SIMPLEX, 0.5, SHADOW, 2, LINE_AA, false);
            putText(canvas, lines.get(line), at.x(8).y(y), FONT_HERSHEY_SIMPLEX, 0.5, TEXT, 1, LINE_AA, false);
        }
    }

    private List<String> parts() {
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%.1f fps", stats.currentFps()));
        stats.stageMedians().forEach((stage, ms) -> parts.add(String.format(Locale.ROOT, "%s %.0f ms", stage, ms)));
        parts.add("dropped " + stats.framesDropped());
        return parts;
    }

    /** Joins the parts with " | " into as few lines as fit the frame's width. */
    private List<String> wrap(List<String> parts, int width) {
        List<String> wrapped = new ArrayList<>();
        String line = "";
        for (String part : parts) {
            String candidate = line.isEmpty() ? part : line + " | " + part;
            try (Size size = getTextSize(candidate, FONT_HERSHEY_SIMPLEX, 0.5, 1, baseline)) {
                if (size.width() > width && !line.isEmpty()) {
                    wrapped.add(line);
                    line = part;
                } else {
                    line = candidate;
                }
            }
        }
        if (!line.isEmpty()) {
            wrapped.add(line);
        }
        return wrapped;
    }

    @Override
    public void close() {
        at.close();
    }
}
