package dev.vigia.pipeline.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.vigia.config.UserError;
import java.time.Duration;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video file or capture device decoded by FFmpeg through JavaCV's grabber. Files end with
 * END_OF_STREAM; a device that returns nothing or fails reports DISCONNECTED (see
 * {@link ReconnectingSource}). Network streams are read by {@link FfmpegStreamSource}.
 */
public final class FfmpegSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegSource.class);
    private static final int MAX_CONSECUTIVE_FAILURES = 50;

    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final SourceInfo info;
    private long badFrames;
    private long timestampMicros;
    private volatile boolean closed;

    private FfmpegSource(FFmpegFrameGrabber grabber, SourceInfo info) {
        this.grabber = grabber;
        this.info = info;
    }

    /** Opens a local video file; a missing or unreadable file is a user error. */
    public static FfmpegSource openFile(String path) {
        FfmpegErrorCounter.install();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path);
        // BGR, as every stage expects: left to itself the grabber hands some small H.264 files out as BGRA.
        grabber.setPixelFormat(AV_PIX_FMT_BGR24);
        start(grabber, path, "check that it is a video file FFmpeg can read");
        return new FfmpegSource(grabber, describe(grabber, path, false));
    }

    /**
     * Opens a network stream (rtsp, rtmp, http). {@code timeout} bounds every connect and read,
     * and a read blocked longer is interrupted; {@code outputSize}, when given, is the size frames
     * are delivered at (the first connection's).
     */
    public static Source openStream(String url, StreamOptions options, Size outputSize) {
        return FfmpegStreamSource.open(url, options, outputSize);
    }

    /** Opens a capture device through one of FFmpeg's input devices (e.g. {@code video4linux2}). */
    public static FfmpegSource openDevice(String device, String format, StreamOptions options) {
        FfmpegErrorCounter.install();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(device);
        grabber.setFormat(format);
        grabber.setPixelFormat(AV_PIX_FMT_BGR24);
        grabber.setOption("timeout", Long.toString(options.timeout().toNanos() / 1000));
        start(grabber, device, "check that the device exists and no other program holds it");
        return new FfmpegSource(grabber, describe(grabber, device, true));
    }

    private static void start(FFmpegFrameGrabber grabber, String name, String hint) {
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw new UserError("Cannot open '" + SourceNames.display(name) + "': " + reason(e) + "; " + hint);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            closeQuietly(grabber);
            throw new UserError("'" + SourceNames.display(name) + "' has no video stream");
        }
    }

    /**
     * JavaCV's exception text in our words: FFmpeg's own description of the error code it
     * carries, without JavaCV's hints to its own users ("Has setFormat() been called?").
     */
    static String reason(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("error (-\\d+)").matcher(message);
        if (code.find()) {
            return FfmpegStreamSource.describe(Integer.parseInt(code.group(1)));
        }
        String first = message.lines().findFirst().orElse("").replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip();
        return first.isEmpty() ? e.getClass().getSimpleName() : first;
    }

    private static SourceInfo describe(FFmpegFrameGrabber grabber, String name, boolean live) {
        double fps = grabber.getFrameRate() > 0 && grabber.getFrameRate() < 1000 ? grabber.getFrameRate() : 30;
        long frames = live ? -1 : grabber.getLengthInFrames();
        return new SourceInfo(SourceNames.display(name), grabber.getImageWidth(), grabber.getImageHeight(), fps, live, frames > 0 ? frames : -1);
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Status read(Mat into) {
        int failures = 0;
        while (!closed) {
            long errorsBefore = FfmpegErrorCounter.errors();
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                if (info.live()) {
                    LOG.debug("Read from {} failed: {}", info.name(), e.getMessage());
                    return Status.DISCONNECTED;
                }
                badFrames++;
                if (++failures >= MAX_CONSECUTIVE_FAILURES) {
                    LOG.warn("{}: {} unreadable frames in a row; stopping there", info.name(), failures);
                    return Status.END_OF_STREAM;
                }
                continue;
            }
            if (frame == null || frame.image == null) {
                return info.live() ? Status.DISCONNECTED : Status.END_OF_STREAM;
            }
            if (FfmpegErrorCounter.errors() > errorsBefore) {
                badFrames++;
            }
            copyBgr(frame, into);
            timestampMicros = grabber.getTimestamp();
            return Status.FRAME;
        }
        return Status.END_OF_STREAM;
    }

    /**
     * Copies a BGR24 frame into {@code into}. JavaCV counts a frame's channels as its row stride
     * over its width, so a width whose rows FFmpeg pads (96 pixels: 288 bytes padded to 384)
     * comes out as a 4-channel image of scrambled pixels; the rows are read with their real
     * stride instead.
     */
    private void copyBgr(Frame frame, Mat into) {
        if (frame.imageDepth != Frame.DEPTH_UBYTE || frame.imageStride == frame.imageWidth * 3
                || !(frame.image[0] instanceof java.nio.ByteBuffer pixels)) {
            converter.convert(frame).copyTo(into);
            return;
        }
        try (BytePointer data = new BytePointer(pixels);
                Mat rows = new Mat(frame.imageHeight, frame.imageWidth, CV_8UC3, data, frame.imageStride)) {
            rows.copyTo(into);
        }
    }

    @Override
    public long timestampMicros() {
        return timestampMicros;
    }

    @Override
    public long badFrames() {
        return badFrames;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(grabber);
        converter.close();
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debug("Closing a grabber failed: {}", e.getMessage());
        }
    }

    /**
     * Typed options for network streams, turned into FFmpeg's option strings here and nowhere else.
     *
     * @param timeout bound on connecting and on each read, enforced by the stream reader's interrupt callback
     * @param tcp RTSP over TCP (interleaved) rather than UDP
     */
    public record StreamOptions(Duration timeout, boolean tcp) {

        public static StreamOptions defaults() {
            return new StreamOptions(Duration.ofSeconds(5), true);
        }

        /**
         * FFmpeg's option names and values for this address. No FFmpeg timeout option: the stream
         * reader's interrupt callback enforces {@link #timeout} on every connect and read (FFmpeg's
         * own RTSP {@code timeout} also changes its session handling: at 1 s a GStreamer server's
         * replies went unmatched and the connection dropped within a second).
         */
        void forEachOption(String url, java.util.function.BiConsumer<String, String> option) {
            if ((url.startsWith("rtsp://") || url.startsWith("rtsps://")) && tcp) {
                option.accept("rtsp_transport", "tcp");
            }
        }
    }
}
