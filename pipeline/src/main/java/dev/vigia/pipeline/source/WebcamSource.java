package dev.vigia.pipeline.source;

import com.github.sarxos.webcam.Webcam;
import com.github.sarxos.webcam.WebcamException;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/** A camera through the Webcam Capture library ({@code webcam} or {@code webcam:N}). */
public final class WebcamSource implements Source {

    private final Webcam webcam;
    private final SourceInfo info;
    private final Java2DFrameConverter toFrame = new Java2DFrameConverter();
    private final OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();
    private final long openedNanos = System.nanoTime();
    private long timestampMicros;

    private WebcamSource(Webcam webcam, SourceInfo info) {
        this.webcam = webcam;
        this.info = info;
    }

    public static WebcamSource open(int index) {
        List<Webcam> webcams;
        try {
            webcams = Webcam.getWebcams(5000);
        } catch (TimeoutException | WebcamException | LinkageError e) {
            throw new InvalidSettingException(Setting.SOURCE, "webcam", "Cannot list webcams (" + e.getMessage()
                    + "); on Linux install libv4l-0, or read a file or stream instead");
        }
        if (webcams.isEmpty()) {
            throw new InvalidSettingException(Setting.SOURCE, "webcam", "No webcam found (Webcam Capture lists none); plug one in, or read a file or stream instead");
        }
        if (index < 0 || index >= webcams.size()) {
            String found = IntStream.range(0, webcams.size())
                    .mapToObj(i -> "webcam:" + i + " = " + webcams.get(i).getName()).collect(Collectors.joining(", "));
            throw new UserError("There is no webcam:" + index + "; found " + found);
        }
        Webcam webcam = webcams.get(index);
        try {
            if (!webcam.isOpen() && !webcam.open()) {
                throw new UserError("Webcam '" + webcam.getName() + "' would not open; is another program using it?");
            }
        } catch (WebcamException e) {
            throw new UserError("Webcam '" + webcam.getName() + "' would not open: " + e.getMessage());
        }
        Dimension size = webcam.getViewSize();
        double fps = webcam.getFPS() > 0 ? webcam.getFPS() : 30;
        return new WebcamSource(webcam, new SourceInfo("webcam:" + index, size.width, size.height, fps, true, -1));
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Status read(Mat into) {
        BufferedImage image;
        try {
            image = webcam.getImage();
        } catch (WebcamException e) {
            return Status.DISCONNECTED;
        }
        if (image == null) {
            return webcam.isOpen() ? Status.TIMEOUT : Status.DISCONNECTED;
        }
        toMat.convert(toFrame.convert(image)).copyTo(into);
        timestampMicros = (System.nanoTime() - openedNanos) / 1000;
        return Status.FRAME;
    }

    @Override
    public long timestampMicros() {
        return timestampMicros;
    }

    @Override
    public void close() {
        webcam.close();
        toFrame.close();
        toMat.close();
    }
}
