package dev.vigia.pipeline.sink;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.track.Tracks;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Tracks in MOTChallenge result format with a class column:
 * {@code frame,id,x,y,w,h,conf,class,-1,-1}, frames counted from 1, boxes as top-left and size.
 */
public final class MotSink extends TextFileSink {

    public MotSink(Path file) {
        super(file);
    }

    @Override
    public String name() {
        return "mot";
    }

    @Override
    void write(FrameEvent event, StringBuilder out) {
        Tracks t = event.tracks;
        for (int i = 0; i < t.size(); i++) {
            out.append(String.format(Locale.ROOT, "%d,%d,%.2f,%.2f,%.2f,%.2f,%.4f,%d,-1,-1\n", event.frameIndex + 1, t.id(i),
                    t.x1(i), t.y1(i), t.x2(i) - t.x1(i), t.y2(i) - t.y1(i), t.score(i), t.classId(i)));
        }
    }
}
