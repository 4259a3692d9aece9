package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.vigia.monitor.storage.UnderRoot;
import dev.vigia.monitor.storage.WriteFailures;
import dev.vigia.pipeline.upscale.CropUpscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Event snapshots of one camera: the object's crop, with a margin, as {@code snapshots/CAMERA/EVENT.jpg};
 * super-resolved when it is small and an upscaler is given. Every path is resolved under the
 * snapshot root ({@link UnderRoot}). A write that fails (a full disk, a folder that cannot be
 * made) is counted in {@link WriteFailures} and the event goes on without its picture: a camera is
 * never stopped for a snapshot.
 */
final class SnapshotFiles {

    /** After a failed write none is tried for this long: a full disk should not cost a crop and its super-resolution per frame. */
    static final long PAUSE_AFTER_FAILURE_NANOS = 1_000_000_000L;

    private final Path root;
    private final Path folder;
    private final String camera;
    private final CropUpscaler upscaler;
    private final WriteFailures failures;
    private long pausedUntilNanos;
    private boolean paused;

    SnapshotFiles(Path root, String camera, String fileStem, CropUpscaler upscaler, WriteFailures failures) {
        this.root = root.toAbsolutePath().normalize();
        this.folder = UnderRoot.resolve(this.root, fileStem);
        this.camera = camera;
        this.upscaler = upscaler;
        this.failures = failures;
    }

    /** Writes the crop of {@code box} out of {@code frame}; the file, or null when the box is empty or the write failed. */
    Path write(Mat frame, float[] box, String eventId) {
        int w = frame.cols();
        int h = frame.rows();
        float marginX = (box[2] - box[0]) * 0.15f;
        float marginY = (box[3] - box[1]) * 0.15f;
        int x1 = clamp(Math.round(box[0] - marginX), w);
        int y1 = clamp(Math.round(box[1] - marginY), h);
        int x2 = clamp(Math.round(box[2] + marginX), w);
        int y2 = clamp(Math.round(box[3] + marginY), h);
        if (x2 - x1 < 2 || y2 - y1 < 2 || (paused && System.nanoTime() - pausedUntilNanos < 0)) {
            return null;
        }
        try (Rect rect = new Rect(x1, y1, x2 - x1, y2 - y1); Mat crop = new Mat(frame, rect);
                Mat shown = upscaler != null && upscaler.wants(crop) ? upscaler.upscale(crop) : crop.clone()) {
            return save(shown, eventId);
        }
    }

    private Path save(Mat picture, String eventId) {
        Path partial = null;
        try {
            Path file = UnderRoot.resolve(folder, eventId + ".jpg");
            partial = UnderRoot.resolve(folder, eventId + ".jpg.part.jpg");
            Files.createDirectories(folder);
            // OpenCV reports a failed write by returning false or, for some failures, by throwing.
            if (!imwrite(partial.toString(), picture)) {
                throw new IOException("cannot write " + partial);
            }
            // Replaced in one step, so the dashboard never serves half a JPEG.
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException | RuntimeException e) {
            failures.record(WriteFailures.Kind.SNAPSHOT, camera, e);
            deleteQuietly(partial);
            paused = true;
            pausedUntilNanos = System.nanoTime() + PAUSE_AFTER_FAILURE_NANOS;
            return null;
        }
    }

    /** What a failed write left behind is not Vigía's form of a snapshot, so retention would never remove it. */
    private static void deleteQuietly(Path partial) {
        try {
            if (partial != null) {
                Files.deleteIfExists(partial);
            }
        } catch (IOException | RuntimeException e) {
            // Nothing more to do: the failure is counted already.
        }
    }

    String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
