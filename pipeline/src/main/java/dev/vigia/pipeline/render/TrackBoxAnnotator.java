package dev.vigia.pipeline.render;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.track.Tracks;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/** Each track's box in its track's colour, tagged "#id label score". */
public final class TrackBoxAnnotator implements Annotator {

    private final LabelMap labels;
    private final DetectionPainter painter = new DetectionPainter();

    public TrackBoxAnnotator(LabelMap labels) {
        this.labels = labels;
    }

    @Override
    public void annotate(Mat canvas, FrameEvent frame) {
        Tracks tracks = frame.tracks;
        for (int i = 0; i < tracks.size(); i++) {
            int id = tracks.id(i);
            String tag = String.format(Locale.ROOT, "#%d %s %.2f", id, labels.name(tracks.classId(i)), tracks.score(i));
            painter.box(canvas, tracks.x1(i), tracks.y1(i), tracks.x2(i), tracks.y2(i), Palette.color(id), tag);
        }
    }
}
