package dev.vigia.pipeline.sink;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import dev.vigia.config.UserError;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes frames as H.264 in MP4 at one size and frame rate. The MP4 is
 * fragmented at every keyframe and a keyframe starts every second, and each packet is flushed
 * to the file, so a killed process loses at most about the last second: with x264's default
 * interval of 250 frames nothing reached the file for the first ten seconds. Falls back to
 * other encoders where libx264 is missing.
 */
public final class Mp4Writer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Mp4Writer.class);
    private static final List<String> ENCODERS = List.of("libx264", "libopenh264", "mpeg4");

    private final FFmpegFrameRecorder recorder;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final String encoder;
    private final Path file;

    public Mp4Writer(Path file, int width, int height, double fps) {
        FFmpegFrameRecorder started = null;
        String used = null;
        String lastError = "";
        for (String candidate : ENCODERS) {
            FFmpegFrameRecorder attempt = new FFmpegFrameRecorder(file.toString(), width, height, 0);
            attempt.setFormat("mp4");
            attempt.setVideoCodecName(candidate);
            attempt.setFrameRate(fps);
            attempt.setPixelFormat(AV_PIX_FMT_YUV420P);
            attempt.setVideoQuality(23);
            attempt.setVideoOption("preset", "ultrafast");
            attempt.setGopSize(keyframeInterval(fps));
            attempt.setOption("movflags", "+frag_keyframe+empty_moov+default_base_moof");
            attempt.setOption("flush_packets", "1");
            try {
                attempt.start();
                started = attempt;
                used = candidate;
                break;
            } catch (FrameRecorder.Exception | RuntimeException e) {
                lastError = e.getMessage();
                LOG.debug("Encoder {} unavailable: {}", candidate, e.getMessage());
                release(attempt);
            }
        }
        if (started == null) {
            throw new UserError("Cannot write video " + file + ": no usable encoder among " + ENCODERS + " (" + lastError + ")");
        }
        if (!used.equals(ENCODERS.get(0))) {
            LOG.warn("libx264 is missing; writing {} with {}", file.getFileName(), used);
        }
        this.recorder = started;
        this.encoder = used;
        this.file = file;
    }

    /** One keyframe, hence one fragment, per second of video. */
    static int keyframeInterval(double fps) {
        return (int) Math.max(1, Math.round(fps));
    }

    public String encoder() {
        return encoder;
    }

    public Path file() {
        return file;
    }

    /** Appends a BGR frame of the size the writer was made with. */
    public void write(org.bytedeco.opencv.opencv_core.Mat bgr) throws FrameRecorder.Exception {
        recorder.record(converter.convert(bgr));
    }

    /** Finishes the file; a failure to finish is an {@link java.io.UncheckedIOException} naming it. */
    @Override
    public void close() {
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new java.io.UncheckedIOException("Cannot finish the video " + file + ": " + e.getMessage().lines().findFirst().orElse(""),
                    new java.io.IOException(e));
        } finally {
            release(recorder);
            converter.close();
        }
    }

    private static void release(FFmpegFrameRecorder recorder) {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            LOG.debug("Releasing the recorder failed: {}", e.getMessage());
        }
    }
}
