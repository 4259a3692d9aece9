package dev.vigia.pipeline.render;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.mask.MaskStage;
import dev.vigia.pipeline.mask.TrackMasks;
import dev.vigia.pipeline.track.Tracks;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Tints each tracked object's mask ({@link MaskStage}) in its track's colour; masks belong to
 * tracks, so they keep the colour and follow the object between detections. Drawn first, so
 * boxes stay readable over them.
 */
public final class TrackMaskAnnotator implements Annotator {

    private final MaskPainter painter = new MaskPainter();

    @Override
    public void annotate(Mat canvas, FrameEvent frame) {
        Tracks tracks = frame.tracks;
        TrackMasks masks = frame.attribute(MaskStage.MASKS);
        for (int i = 0; i < tracks.size(); i++) {
            TrackMasks.Placed placed = masks.of(i);
            if (placed != null) {
                painter.overlay(canvas, placed.mask, placed.left, placed.top, Palette.color(tracks.id(i)));
            }
        }
    }

    @Override
    public void close() {
        painter.close();
    }
}
