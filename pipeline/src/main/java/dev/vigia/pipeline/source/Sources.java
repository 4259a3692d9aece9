package dev.vigia.pipeline.source;

import dev.vigia.config.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Size;

/** Opens what {@code --source} names: a video file, an image folder or glob, a webcam, or a stream URL. */
public final class Sources {

    private Sources() {}

    /**
     * @param streamOptions timeouts and transport for network streams
     * @param policy how live sources reconnect
     * @param imageFps nominal frame rate of an image folder
     */
    public static Source open(String spec, FfmpegSource.StreamOptions streamOptions, ReconnectingSource.Policy policy,
            double imageFps) {
        if (spec.equals("webcam") || spec.startsWith("webcam:")) {
            int index = parseWebcamIndex(spec);
            return new ReconnectingSource(() -> WebcamSource.open(index), policy);
        }
        if (spec.startsWith("v4l2:")) {
            String device = spec.substring("v4l2:".length());
            return new ReconnectingSource(() -> FfmpegSource.openDevice(device, "video4linux2", streamOptions), policy);
        }
        if (isStream(spec)) {
            return new ReconnectingSource(streamOpener(spec, streamOptions), policy);
        }
        if (Files.isDirectory(Path.of(spec)) || ImageFolderSource.looksLikeGlob(spec)) {
            return ImageFolderSource.open(spec, imageFps);
        }
        requireReachable(spec);
        return FfmpegSource.openFile(spec);
    }

    /**
     * A stream that could not be reached: a source that keeps trying to connect in the background
     * (its reads wait) instead of failing, for monitors that must pick a camera up when it comes back.
     */
    public static Source openWhenReachable(String spec, FfmpegSource.StreamOptions streamOptions, ReconnectingSource.Policy policy,
            double fpsHint) {
        if (!isStream(spec)) {
            throw new IllegalArgumentException(spec + " is not a stream address");
        }
        return new ReconnectingSource(streamOpener(spec, streamOptions), policy, spec, fpsHint);
    }

    /** Opens the stream; later connections are scaled to the first one's frame size, so a camera that changes resolution keeps its zones. */
    private static ReconnectingSource.Opener streamOpener(String spec, FfmpegSource.StreamOptions streamOptions) {
        Size[] firstSize = new Size[1];
        return () -> {
            Source source = FfmpegSource.openStream(spec, streamOptions, firstSize[0]);
            if (firstSize[0] == null) {
                firstSize[0] = new Size(source.info().width(), source.info().height());
            }
            return source;
        };
    }

    /**
     * The checks {@link #open} makes on a local path, without opening it: lets a caller refuse a
     * missing file at once, before slower set-up (loading models) that comes before the open.
     */
    public static void requireReachable(String spec) {
        if (spec.equals("webcam") || spec.startsWith("webcam:") || spec.startsWith("v4l2:") || isStream(spec)) {
            return;
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path) || ImageFolderSource.looksLikeGlob(spec)) {
            return;
        }
        if (!Files.exists(path)) {
            throw new UserError("Source " + spec + " does not exist; give a video file, an image folder, "
                    + "webcam[:N] or an rtsp://, rtmp:// or http(s):// address");
        }
        if (!Files.isReadable(path)) {
            throw new UserError("Source " + spec + " is not readable");
        }
    }

    public static boolean isStream(String spec) {
        return spec.matches("(?i)(rtsps?|rtmps?|https?|srt|udp|tcp)://.*");
    }

    private static int parseWebcamIndex(String spec) {
        if (spec.equals("webcam")) {
            return 0;
        }
        try {
            return Integer.parseInt(spec.substring("webcam:".length()));
        } catch (NumberFormatException e) {
            throw new UserError("Bad webcam source '" + spec + "'; use webcam or webcam:N with N a number");
        }
    }
}
