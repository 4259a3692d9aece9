package dev.vigia.pipeline.stage;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.vigia.pipeline.FrameEvent;
import dev.vigia.pipeline.Stage;
import dev.vigia.pipeline.track.RecentTracks;
import dev.vigia.pipeline.upscale.CropUpscaler;
import dev.vigia.pipeline.track.Tracks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Keeps each track's best crop (its highest-scoring box) from the clean frame, before rendering
 * draws on it, and writes it as {@code track-<id>.jpg} once the track has not been seen for
 * {@link #WRITE_AFTER_FRAMES} frames, and for the remaining tracks when the run ends. Only
 * recent tracks hold a crop, so memory stays bounded on endless streams, and a killed run keeps
 * the crops of the tracks that had ended.
 *
 * <p>With a {@link CropUpscaler}, a small crop is also written super-resolved, as
 * {@code track-<id>-x<scale>.jpg} beside the original.
 */
public final class SnapshotStage implements Stage {

    /** Ten seconds at 30 fps: longer than any tracker keeps a lost track by default. */
    public static final int WRITE_AFTER_FRAMES = 300;

    private static final class Best {
        float score = -1;
        final Mat crop = new Mat();
    }

    private final Path folder;
    private final RecentTracks<Best> tracks = new RecentTracks<>(WRITE_AFTER_FRAMES);
    private final CropUpscaler upscaler;

    public SnapshotStage(Path folder) {
        this(folder, null);
    }

    /** @param upscaler super-resolves small crops into a second file; null for none */
    public SnapshotStage(Path folder, CropUpscaler upscaler) {
        this.folder = folder;
        this.upscaler = upscaler;
    }

    @Override
    public String name() {
        return "snapshot";
    }

    @Override
    public void onStart() {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        Tracks found = event.tracks;
        Mat frame = event.image;
        for (int i = 0; i < found.size(); i++) {
            Best best = tracks.seen(found.id(i), event.frameIndex, Best::new);
            if (found.score(i) <= best.score) {
                continue;
            }
            int x1 = clamp(Math.round(found.x1(i)), frame.cols());
            int y1 = clamp(Math.round(found.y1(i)), frame.rows());
            int x2 = clamp(Math.round(found.x2(i)), frame.cols());
            int y2 = clamp(Math.round(found.y2(i)), frame.rows());
            if (x2 - x1 < 2 || y2 - y1 < 2) {
                continue;
            }
            best.score = found.score(i);
            try (Rect box = new Rect(x1, y1, x2 - x1, y2 - y1); Mat view = frame.apply(box)) {
                view.copyTo(best.crop);
            }
        }
        tracks.retireBefore(event.frameIndex, this::write);
    }

    private static int clamp(int value, int limit) {
        return Math.max(0, Math.min(value, limit));
    }

    private void write(int id, Best best) {
        try {
            if (best.crop.empty()) {
                return;
            }
            writeJpeg("track-" + id + ".jpg", best.crop, id);
            if (upscaler != null && upscaler.wants(best.crop)) {
                try (Mat upscaled = upscaler.upscale(best.crop)) {
                    writeJpeg("track-" + id + "-x" + upscaler.scale() + ".jpg", upscaled, id);
                }
            }
        } finally {
            best.crop.close();
        }
    }

    private void writeJpeg(String name, Mat image, int id) {
        if (!imwrite(folder.resolve(name).toString(), image)) {
            throw new UncheckedIOException(new IOException("Cannot write the snapshot of track " + id + " into " + folder));
        }
    }

    /** Tracks holding a crop now, for bounded-state checks. */
    public int heldCrops() {
        return tracks.size();
    }

    @Override
    public void onStop() {
        tracks.retireAll(this::write);
    }
}
