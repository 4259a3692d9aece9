package dev.vigia.monitor.camera;

import dev.vigia.models.boxes.Detections;
import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.monitor.config.ObjectFilter;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.zones.Anchor;
import dev.vigia.pipeline.zones.Polygon;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops the detections a camera does not want before the tracker sees them: classes, scores, sizes
 * and shapes outside its filter, and objects whose bottom centre lies under an ignore mask.
 */
public final class DetectionFilterStage implements Stage {

    private final ObjectFilter filter;
    private final List<MonitorSetup.Shape> maskShapes;
    private List<Polygon> masks;
    private int maskWidth;
    private int maskHeight;
    private int[] kept = new int[64];

    public DetectionFilterStage(ObjectFilter filter, List<MonitorSetup.Shape> masks) {
        this.filter = filter;
        this.maskShapes = masks;
    }

    @Override
    public String name() {
        return "filter";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        if (!event.detected) {
            return;
        }
        int width = event.image.cols();
        int height = event.image.rows();
        if (masks == null || width != maskWidth || height != maskHeight) {
            masks = new ArrayList<>();
            for (MonitorSetup.Shape shape : maskShapes) {
                masks.add(Polygon.of(shape.inPixels(width, height)));
            }
            maskWidth = width;
            maskHeight = height;
        }
        Detections d = event.detections;
        if (kept.length < d.size()) {
            kept = new int[d.size() * 2];
        }
        int count = 0;
        for (int i = 0; i < d.size(); i++) {
            if (filter.keeps(d.classId(i), d.score(i), d.x1(i), d.y1(i), d.x2(i), d.y2(i), width, height) && !masked(d, i)) {
                kept[count++] = i;
            }
        }
        if (count < d.size()) {
            d.retain(kept, count);
        }
    }

    private boolean masked(Detections d, int i) {
        double x = Anchor.BOTTOM_CENTER.x(d.x1(i), d.y1(i), d.x2(i), d.y2(i));
        double y = Anchor.BOTTOM_CENTER.y(d.x1(i), d.y1(i), d.x2(i), d.y2(i));
        for (Polygon mask : masks) {
            if (mask.contains(x, y)) {
                return true;
            }
        }
        return false;
    }
}
