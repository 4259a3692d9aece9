package dev.vigia.app.common;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import dev.vigia.config.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Reading images that users name, with one-line errors for what can go wrong. */
public final class Images {

    private Images() {}

    public static void requireReadable(List<Path> paths) {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new UserError("Image " + path + " does not exist");
            }
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new UserError("Image " + path + " is not a readable file");
            }
        }
    }

    /** Reads a BGR image; a file OpenCV cannot decode is a user error. */
    public static Mat read(Path path) {
        requireReadable(List.of(path));
        Mat image = imread(path.toString(), IMREAD_COLOR);
        if (image == null || image.empty()) {
            throw new UserError(path + " is not an image OpenCV can read (JPEG, PNG, BMP, TIFF, WebP...)");
        }
        return image;
    }
}
