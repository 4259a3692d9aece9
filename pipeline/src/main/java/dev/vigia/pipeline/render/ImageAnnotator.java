package dev.vigia.pipeline.render;

import dev.vigia.models.boxes.Detections;
import dev.vigia.pipeline.frame.FrameEvent;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Draws a single image's detections with the engine's annotators ({@link Annotators#detections()}),
 * for a program that detects on images rather than running the engine. One instance per drawing
 * thread: it reuses its buffers.
 */
public final class ImageAnnotator implements AutoCloseable {

    private final FrameEvent frame = new FrameEvent();
    private final List<Annotator> layers;

    public ImageAnnotator() {
        this(Annotators.detections());
    }

    /** With annotators of the caller's, applied first to last. */
    public ImageAnnotator(List<? extends Annotator> layers) {
        this.layers = List.copyOf(layers);
    }

    /** Draws {@code detections} onto {@code image} in place; the annotators see a clean copy of it as the frame. */
    public void draw(Mat image, Detections detections) {
        image.copyTo(frame.image);
        frame.detections.copyFrom(detections);
        frame.detections.setLabels(detections.labels());
        for (Annotator layer : layers) {
            layer.annotate(image, frame);
        }
    }

    @Override
    public void close() {
        layers.forEach(Annotator::close);
        frame.image.close();
    }
}
