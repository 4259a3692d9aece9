package dev.vigia.pipeline.source;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The images of a folder, or of a glob such as {@code frames/*.jpg}, in name order, as a video
 * at a nominal frame rate. Files that are not images count as damaged frames and are skipped.
 */
public final class ImageFolderSource implements Source {

    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp");

    private final List<Path> files;
    private final SourceInfo info;
    private final Size size;
    private int next;
    private long badFrames;

    private ImageFolderSource(List<Path> files, SourceInfo info) {
        this.files = files;
        this.info = info;
        this.size = new Size(info.width(), info.height());
    }

    public static boolean looksLikeGlob(String spec) {
        return spec.contains("*") || spec.contains("?");
    }

    public static ImageFolderSource open(String spec, double fps) {
        List<Path> files = list(spec);
        if (files.isEmpty()) {
            throw new UserError("No images (" + String.join(", ", EXTENSIONS) + ") match '" + spec + "'");
        }
        Mat first = null;
        for (Path file : files) {
            first = imread(file.toString(), IMREAD_COLOR);
            if (!first.empty()) {
                break;
            }
        }
        if (first == null || first.empty()) {
            throw new UserError("None of the " + files.size() + " files of '" + spec + "' is an image OpenCV can read");
        }
        return new ImageFolderSource(files, new SourceInfo(spec, first.cols(), first.rows(), fps, false, files.size()));
    }

    private static List<Path> list(String spec) {
        Path folder;
        PathMatcher matcher;
        if (looksLikeGlob(spec)) {
            Path pattern = Path.of(spec);
            folder = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
        } else {
            folder = Path.of(spec);
            matcher = p -> true;
        }
        if (!Files.isDirectory(folder)) {
            throw new UserError("Folder " + folder + " does not exist");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(p.getFileName()))
                    .filter(p -> EXTENSIONS.stream().anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UserError("Cannot list " + folder + ": " + e.getMessage());
        }
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Status read(Mat into) {
        while (next < files.size()) {
            Mat image = imread(files.get(next++).toString(), IMREAD_COLOR);
            if (image.empty()) {
                badFrames++;
                continue;
            }
            if (image.cols() != info.width() || image.rows() != info.height()) {
                resize(image, into, size, 0, 0, INTER_LINEAR);
            } else {
                image.copyTo(into);
            }
            image.close();
            return Status.FRAME;
        }
        return Status.END_OF_STREAM;
    }

    @Override
    public long timestampMicros() {
        return Math.round((next - 1) * 1_000_000 / info.fps());
    }

    @Override
    public long badFrames() {
        return badFrames;
    }

    @Override
    public void close() {
        size.close();
    }
}
