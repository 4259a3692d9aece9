package dev.vigia.pipeline.sink;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.track.RecentTracks;
import dev.vigia.pipeline.track.Tracks;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A CSV with one row per track: id, label, first and last frame and timestamp, frames seen, mean
 * and best score, first and last box centre. A row is written when its track has not been seen
 * for {@link #RETIRE_AFTER_FRAMES} frames (and for the rest when the run ends), so a killed run
 * keeps the rows of the tracks that had ended, and memory stays bounded on endless streams.
 * Rows are in the order tracks ended.
 */
public final class TrackSummarySink extends TextFileSink {

    /** Ten seconds at 30 fps: longer than any tracker keeps a lost track by default. */
    public static final int RETIRE_AFTER_FRAMES = 300;
    private static final String HEADER =
            "id,label,first_frame,last_frame,first_ms,last_ms,frames,mean_score,best_score,first_x,first_y,last_x,last_y\n";

    private static final class Summary {
        boolean started;
        int classId;
        long firstFrame;
        long lastFrame;
        double firstMs;
        double lastMs;
        long frames;
        double scoreSum;
        float bestScore;
        float firstX;
        float firstY;
        float lastX;
        float lastY;
    }

    private final LabelMap labels;
    private final RecentTracks<Summary> tracks = new RecentTracks<>(RETIRE_AFTER_FRAMES);
    private boolean headerWritten;

    public TrackSummarySink(Path file, LabelMap labels) {
        super(file);
        this.labels = labels;
    }

    @Override
    public String name() {
        return "csv";
    }

    @Override
    void write(FrameEvent event, StringBuilder out) {
        if (!headerWritten) {
            out.append(HEADER);
            headerWritten = true;
        }
        Tracks t = event.tracks;
        long frame = event.frameIndex + 1;
        for (int i = 0; i < t.size(); i++) {
            float cx = (t.x1(i) + t.x2(i)) / 2;
            float cy = (t.y1(i) + t.y2(i)) / 2;
            Summary s = tracks.seen(t.id(i), frame, Summary::new);
            if (!s.started) {
                s.started = true;
                s.firstFrame = frame;
                s.firstMs = event.timestampMicros / 1000.0;
                s.firstX = cx;
                s.firstY = cy;
            }
            s.classId = t.classId(i);
            s.lastFrame = frame;
            s.lastMs = event.timestampMicros / 1000.0;
            s.frames++;
            s.scoreSum += t.score(i);
            s.bestScore = Math.max(s.bestScore, t.score(i));
            s.lastX = cx;
            s.lastY = cy;
        }
        tracks.retireBefore(frame, (id, s) -> row(id, s, out));
    }

    @Override
    void finish(StringBuilder out) {
        if (!headerWritten) {
            out.append(HEADER);
            headerWritten = true;
        }
        tracks.retireAll((id, s) -> row(id, s, out));
    }

    /** Tracks held in memory, for bounded-state checks. */
    int openTracks() {
        return tracks.size();
    }

    private void row(int id, Summary s, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%d,\"%s\",%d,%d,%.1f,%.1f,%d,%.4f,%.4f,%.1f,%.1f,%.1f,%.1f\n",
                id, labels.name(s.classId).replace("\"", "\"\""), s.firstFrame, s.lastFrame,
                s.firstMs, s.lastMs, s.frames, s.scoreSum / s.frames, s.bestScore, s.firstX, s.firstY, s.lastX, s.lastY));
    }
}
