package dev.vigia.pipeline;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.PreparedFrame;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.FrameKey;
import dev.vigia.pipeline.motion.RegionPlan;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * A frame slot's region detection: the crops capture planned for the frame, each crop prepared
 * for the model and its detections in crop pixels. Hangs on the slot ({@link #KEY}) of sources
 * that detect regions only, and keeps its buffers from frame to frame like the slot's own.
 */
final class RegionSlot {

    static final FrameKey<RegionSlot> KEY = FrameKey.of("regions", RegionSlot::new);

    final RegionPlan plan = new RegionPlan();
    /** The source and frame the plan was made for: a slot that served a source with regions may carry another's frame now. */
    private int plannedSource = -1;
    private long plannedFrame = -1;
    private final List<PreparedFrame> prepared = new ArrayList<>();
    private final List<Detections> found = new ArrayList<>();

    /** Capture's note that {@link #plan} is the plan of this frame. */
    void planned(int source, long frame) {
        plannedSource = source;
        plannedFrame = frame;
    }

    boolean plannedFor(FrameEvent event) {
        return plannedSource == event.sourceId && plannedFrame == event.frameIndex;
    }

    /** Crop {@code i}'s model input, made on first use and reused. */
    PreparedFrame prepared(int i) {
        while (prepared.size() <= i) {
            prepared.add(new PreparedFrame());
        }
        return prepared.get(i);
    }

    /** Crop {@code i}'s detections, in crop pixels. */
    Detections found(int i) {
        while (found.size() <= i) {
            found.add(new Detections());
        }
        return found.get(i);
    }

    /** The crops' detections, for the joiner. */
    List<Detections> found() {
        found(plan.size() - 1);
        return found.subList(0, plan.size());
    }

    /** A view of crop {@code i} of {@code image} (no pixels copied); the caller closes it. */
    Mat crop(Mat image, int i) {
        try (Rect rect = new Rect(plan.x(i), plan.y(i), plan.width(i), plan.height(i))) {
            return new Mat(image, rect);
        }
    }
}
