package dev.vigia.pipeline.source;

import com.github.sarxos.webcam.WebcamDevice;
import com.github.sarxos.webcam.WebcamDriver;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A Webcam Capture driver whose one device replays a real video's frames, decoded by FFmpeg, the
 * way a camera would hand them over. Stands in for the physical webcam these machines lack.
 */
final class ReplayWebcamDriver implements WebcamDriver {

    private final List<WebcamDevice> devices = new ArrayList<>();

    ReplayWebcamDriver(Path video) {
        devices.add(new ReplayDevice(video));
    }

    /** A driver that finds no camera at all. */
    static WebcamDriver none() {
        return new WebcamDriver() {
            @Override
            public List<WebcamDevice> getDevices() {
                return List.of();
            }

            @Override
            public boolean isThreadSafe() {
                return true;
            }
        };
    }

    @Override
    public List<WebcamDevice> getDevices() {
        return devices;
    }

    @Override
    public boolean isThreadSafe() {
        return false;
    }

    static final class ReplayDevice implements WebcamDevice {
        private final Path video;
        private final Java2DFrameConverter converter = new Java2DFrameConverter();
        private FFmpegFrameGrabber grabber;
        private Dimension size = new Dimension(768, 576);
        private volatile boolean open;
        int framesServed;

        ReplayDevice(Path video) {
            this.video = video;
        }

        @Override
        public String getName() {
            return "replay " + video.getFileName();
        }

        @Override
        public Dimension[] getResolutions() {
            return new Dimension[] {size};
        }

        @Override
        public Dimension getResolution() {
            return size;
        }

        @Override
        public void setResolution(Dimension resolution) {
            size = resolution;
        }

        @Override
        public synchronized BufferedImage getImage() {
            try {
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    grabber.setFrameNumber(0);
                    frame = grabber.grabImage();
                }
                framesServed++;
                return converter.getBufferedImage(frame);
            } catch (Exception e) {
                return null;
            }
        }

        @Override
        public synchronized void open() {
            try {
                grabber = new FFmpegFrameGrabber(video.toString());
                grabber.start();
                size = new Dimension(grabber.getImageWidth(), grabber.getImageHeight());
                open = true;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public synchronized void close() {
            open = false;
            try {
                grabber.close();
            } catch (Exception ignored) {
                // Closing a replay.
            }
        }

        @Override
        public void dispose() {
            close();
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }
}
