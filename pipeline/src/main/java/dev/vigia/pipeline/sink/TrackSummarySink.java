package dev.vigia.pipeline.sink;

import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.FrameEvent;
import dev.vigia.pipeline.Stage;
import dev.vigia.pipeline.track.Tracks;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CSV with one row per track, written when the run ends: id, label, first and last frame and
 * timestamp, frames seen, mean and best score, first and last box centre.
 */
public final class TrackSummarySink implements Stage {

    private static final class Summary {
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

    private final Path file;
    private final LabelMap labels;
    private final Map<Integer, Summary> tracks = new TreeMap<>();

    public TrackSummarySink(Path file, LabelMap labels) {
        this.file = file;
        this.labels = labels;
    }

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        Tracks t = event.tracks;
        for (int i = 0; i < t.size(); i++) {
            float cx = (t.x1(i) + t.x2(i)) / 2;
            float cy = (t.y1(i) + t.y2(i)) / 2;
            Summary s = tracks.get(t.id(i));
            if (s == null) {
                s = new Summary();
                s.firstFrame = event.frameIndex + 1;
                s.firstMs = event.timestampMicros / 1000.0;
                s.firstX = cx;
                s.firstY = cy;
                tracks.put(t.id(i), s);
            }
            s.classId = t.classId(i);
            s.lastFrame = event.frameIndex + 1;
            s.lastMs = event.timestampMicros / 1000.0;
            s.frames++;
            s.scoreSum += t.score(i);
            s.bestScore = Math.max(s.bestScore, t.score(i));
            s.lastX = cx;
            s.lastY = cy;
        }
    }

    @Override
    public void onStop() {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("id,label,first_frame,last_frame,first_ms,last_ms,frames,mean_score,best_score,first_x,first_y,last_x,last_y\n");
            for (Map.Entry<Integer, Summary> entry : tracks.entrySet()) {
                Summary s = entry.getValue();
                out.write(String.format(Locale.ROOT, "%d,\"%s\",%d,%d,%.1f,%.1f,%d,%.4f,%.4f,%.1f,%.1f,%.1f,%.1f%n",
                        entry.getKey(), labels.name(s.classId).replace("\"", "\"\""), s.firstFrame, s.lastFrame,
                        s.firstMs, s.lastMs, s.frames, s.scoreSum / s.frames, s.bestScore, s.firstX, s.firstY, s.lastX, s.lastY));
            }
        } catch (IOException e) {
            throw new UserError("Cannot write " + file + ": " + e.getMessage());
        }
    }
}
