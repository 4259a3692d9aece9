package dev.vigia.pipeline.stage;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.mask.MaskStage;
import dev.vigia.pipeline.mask.TrackMasks;
import dev.vigia.pipeline.track.RecentTracks;
import dev.vigia.pipeline.track.Tracks;
import dev.vigia.pipeline.upscale.CropUpscaler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Keeps each track's best crop (its highest-scoring box) from the clean frame, before rendering
 * draws on it, and writes it as {@code track-<id>.jpg} once the track has not been seen for
 * {@link #WRITE_AFTER_FRAMES} frames, and for the remaining tracks when the run ends. Only
 * recent tracks hold a crop, so memory stays bounded on endless streams, and a killed run keeps
 * the crops of the tracks that had ended.
 *
 * <p>A track with a mask ({@link MaskStage}) also gets {@code track-<id>-mask.png}, its mask over
 * the best crop (white where the object is).
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
        /** The track's mask over the crop (0 or 255), empty when it had none then. */
        final Mat mask = new Mat();
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
        TrackMasks masks = event.attribute(MaskStage.MASKS);
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
            maskOverCrop(masks.of(i), x1, y1, x2, y2, best.mask);
        }
        tracks.retireBefore(event.frameIndex, this::write);
    }

    /** The part of a placed mask over the crop x1..x2, y1..y2, as an image of the crop's size; empty without a mask. */
    private static void maskOverCrop(TrackMasks.Placed placed, int x1, int y1, int x2, int y2, Mat into) {
        if (placed == null) {
            into.release();
            return;
        }
        into.create(y2 - y1, x2 - x1, CV_8U);
        into.put(new Scalar(0));
        int left = Math.max(x1, placed.left);
        int top = Math.max(y1, placed.top);
        int right = Math.min(x2, placed.left + placed.mask.cols());
        int bottom = Math.min(y2, placed.top + placed.mask.rows());
        if (right <= left || bottom <= top) {
            return;
        }
        try (Rect from = new Rect(left - placed.left, top - placed.top, right - left, bottom - top);
                Rect to = new Rect(left - x1, top - y1, right - left, bottom - top);
                Mat source = placed.mask.apply(from); Mat target = into.apply(to)) {
            source.copyTo(target);
        }
    }

    private static int clamp(int value, int limit) {
        return Math.max(0, Math.min(value, limit));
    }

    private void write(int id, Best best) {
        try {
            if (best.crop.empty()) {
                return;
            }
            writeImage("track-" + id + ".jpg", best.crop, id);
            if (!best.mask.empty()) {
                writeImage("track-" + id + "-mask.png", best.mask, id);
            }
            if (upscaler != null && upscaler.wants(best.crop)) {
                try (Mat upscaled = upscaler.upscale(best.crop)) {
                    writeImage("track-" + id + "-x" + upscaler.scale() + ".jpg", upscaled, id);
                }
            }
        } finally {
            best.crop.close();
            best.mask.close();
        }
    }

    private void writeImage(String name, Mat image, int id) {
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
