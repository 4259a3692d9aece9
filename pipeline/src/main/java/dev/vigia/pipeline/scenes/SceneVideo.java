package dev.vigia.pipeline.scenes;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A benchmark sequence's H.264 MP4, written so that the same frames give the same bytes: x264 on
 * one thread (its threads split work by timing otherwise), fixed settings, no timestamps in the file.
 */
final class SceneVideo implements AutoCloseable {

    private final FFmpegFrameRecorder recorder;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final Path file;

    SceneVideo(Path file, int width, int height, double fps, int crf) {
        this.file = file;
        recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodecName("libx264");
        recorder.setFrameRate(fps);
        recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
        recorder.setVideoQuality(crf);
        recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
        recorder.setVideoOption("preset", "veryfast");
        recorder.setVideoOption("threads", "1");
        recorder.setOption("fflags", "+bitexact");
        recorder.setVideoOption("flags", "+bitexact");
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            release();
            throw new java.io.UncheckedIOException("Cannot write " + file + " with libx264: " + e.getMessage(),
                    new java.io.IOException(e));
        }
    }

    void write(Mat bgr) {
        try {
            recorder.record(converter.convert(bgr));
        } catch (FrameRecorder.Exception e) {
            throw new java.io.UncheckedIOException("Cannot write a frame to " + file + ": " + e.getMessage(),
                    new java.io.IOException(e));
        }
    }

    @Override
    public void close() {
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new java.io.UncheckedIOException("Cannot finish " + file + ": " + e.getMessage(), new java.io.IOException(e));
        } finally {
            release();
            converter.close();
        }
    }

    private void release() {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            // Already failing or finished; the first error is the one reported.
        }
    }
}
