package dev.vigia.pipeline.upscale;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.vigia.config.UserError;
import dev.vigia.models.upscale.TiledUpscaler;
import dev.vigia.pipeline.sink.Mp4Writer;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.source.SourceInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Super-resolves images and videos with one {@link TiledUpscaler}. An image is written whole or
 * not at all (to a partial file renamed at the end); a video goes through the pipeline's FFmpeg
 * decoder and {@link Mp4Writer}, frame for frame at the source's frame rate, so a killed run
 * leaves a playable MP4 of the frames done so far.
 */
public final class MediaUpscaler {

    /** What one input became. */
    public record Result(Path input, Path output, int inputWidth, int inputHeight, int outputWidth, int outputHeight, long frames,
            double seconds) {}

    private static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "avi", "mkv", "mov", "webm", "m4v", "mpg", "mpeg", "ts", "flv");

    private final TiledUpscaler upscaler;

    public MediaUpscaler(TiledUpscaler upscaler) {
        this.upscaler = upscaler;
    }

    public static boolean isVideo(Path file) {
        return VIDEO_EXTENSIONS.contains(extension(file));
    }

    /** Where {@code input}'s upscaled copy goes in {@code folder}: {@code NAME_x4.EXT}, videos as MP4. */
    public Path outputFor(Path input, Path folder) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = isVideo(input) ? "mp4" : dot > 0 ? name.substring(dot + 1) : "png";
        return folder.resolve(stem + "_x" + upscaler.scale() + "." + extension);
    }

    public Result image(Path input, Path output) throws IOException {
        long start = System.nanoTime();
        Mat image = imread(input.toString(), IMREAD_COLOR);
        if (image == null || image.empty()) {
            throw new UserError(input + " is not an image OpenCV can read (JPEG, PNG, BMP, TIFF, WebP...)");
        }
        try (image; Mat upscaled = upscaler.upscale(image)) {
            String name = output.getFileName().toString();
            Path partial = output.resolveSibling("." + name + ".part" + name.substring(name.lastIndexOf('.')));
            if (!imwrite(partial.toString(), upscaled)) {
                throw new UserError("Cannot write " + output + "; check the folder and the file extension");
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(input, output, image.cols(), image.rows(), upscaled.cols(), upscaled.rows(), 1,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** Every frame of {@code input}, upscaled, into the MP4 {@code output}; {@code progress} hears each frame's number. */
    public Result video(Path input, Path output, LongConsumer progress) throws FrameRecorder.Exception {
        long start = System.nanoTime();
        long frames = 0;
        try (Source source = FfmpegSource.openFile(input.toString()); Mat frame = new Mat()) {
            SourceInfo info = source.info();
            int scale = upscaler.scale();
            try (Mp4Writer writer = new Mp4Writer(output, info.width() * scale, info.height() * scale, info.fps())) {
                while (source.read(frame) == Source.Status.FRAME) {
                    try (Mat upscaled = upscaler.upscale(frame)) {
                        writer.write(upscaled);
                    }
                    progress.accept(++frames);
                }
            }
            if (frames == 0) {
                throw new UserError(input + " has no video frames FFmpeg can decode");
            }
            return new Result(input, output, info.width(), info.height(), info.width() * scale, info.height() * scale, frames,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
