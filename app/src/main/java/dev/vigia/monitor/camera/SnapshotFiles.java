package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.vigia.pipeline.upscale.CropUpscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Event snapshots of one camera: the object's crop, with a margin, as {@code snapshots/CAMERA/EVENT.jpg};
 * super-resolved when it is small and an upscaler is given.
 */
final class SnapshotFiles {

    private final Path root;
    private final Path folder;
    private final CropUpscaler upscaler;

    SnapshotFiles(Path root, String fileStem, CropUpscaler upscaler) {
        this.root = root;
        this.folder = root.resolve(fileStem);
        this.upscaler = upscaler;
    }

    /** Writes the crop of {@code box} out of {@code frame}; the file, or null when the box is empty. */
    Path write(Mat frame, float[] box, String eventId) throws IOException {
        int w = frame.cols();
        int h = frame.rows();
        float marginX = (box[2] - box[0]) * 0.15f;
        float marginY = (box[3] - box[1]) * 0.15f;
        int x1 = clamp(Math.round(box[0] - marginX), w);
        int y1 = clamp(Math.round(box[1] - marginY), h);
        int x2 = clamp(Math.round(box[2] + marginX), w);
        int y2 = clamp(Math.round(box[3] + marginY), h);
        if (x2 - x1 < 2 || y2 - y1 < 2) {
            return null;
        }
        Files.createDirectories(folder);
        Path file = folder.resolve(eventId + ".jpg");
        Path partial = folder.resolve(eventId + ".jpg.part.jpg");
        try (Rect rect = new Rect(x1, y1, x2 - x1, y2 - y1); Mat crop = new Mat(frame, rect);
                Mat shown = upscaler != null && upscaler.wants(crop) ? upscaler.upscale(crop) : crop.clone()) {
            if (!imwrite(partial.toString(), shown)) {
                throw new IOException("cannot write " + partial);
            }
        }
        // Replaced in one step, so the dashboard never serves half a JPEG.
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
