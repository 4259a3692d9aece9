package dev.vigia.pipeline.stage;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.vigia.pipeline.FrameEvent;
import dev.vigia.pipeline.Stage;
import dev.vigia.pipeline.track.Tracks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Keeps each track's best crop (its highest-scoring box) from the clean frame, before rendering
 * draws on it, and writes them as {@code track-<id>.jpg} when the run ends.
 */
public final class SnapshotStage implements Stage {

    private final Path folder;
    private final Map<Integer, Float> bestScore = new HashMap<>();
    private final Map<Integer, Mat> bestCrop = new HashMap<>();

    public SnapshotStage(Path folder) {
        this.folder = folder;
    }

    @Override
    public String name() {
        return "snapshot";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        Tracks tracks = event.tracks;
        Mat frame = event.image;
        for (int i = 0; i < tracks.size(); i++) {
            int id = tracks.id(i);
            if (tracks.score(i) <= bestScore.getOrDefault(id, -1f)) {
                continue;
            }
            int x1 = clamp(Math.round(tracks.x1(i)), frame.cols());
            int y1 = clamp(Math.round(tracks.y1(i)), frame.rows());
            int x2 = clamp(Math.round(tracks.x2(i)), frame.cols());
            int y2 = clamp(Math.round(tracks.y2(i)), frame.rows());
            if (x2 - x1 < 2 || y2 - y1 < 2) {
                continue;
            }
            bestScore.put(id, tracks.score(i));
            Mat crop = bestCrop.computeIfAbsent(id, k -> new Mat());
            try (Rect box = new Rect(x1, y1, x2 - x1, y2 - y1); Mat view = frame.apply(box)) {
                view.copyTo(crop);
            }
        }
    }

    private static int clamp(int value, int limit) {
        return Math.max(0, Math.min(value, limit));
    }

    @Override
    public void onStop() {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder, e);
        }
        bestCrop.forEach((id, crop) -> {
            imwrite(folder.resolve("track-" + id + ".jpg").toString(), crop);
            crop.close();
        });
        bestCrop.clear();
    }
}
