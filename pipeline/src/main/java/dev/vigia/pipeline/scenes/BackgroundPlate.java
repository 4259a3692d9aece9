package dev.vigia.pipeline.scenes;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The scene without its people: the per-pixel median of frames spread over a video. A person who
 * keeps walking covers a pixel in few of the frames, so the median is the ground behind them.
 */
public final class BackgroundPlate {

    private BackgroundPlate() {}

    /** The median of {@code frames} (BGR, all of one size), channel by channel. */
    public static Mat median(List<Mat> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a background plate needs at least one frame");
        }
        int rows = frames.get(0).rows();
        int cols = frames.get(0).cols();
        int bytes = rows * cols * 3;
        byte[][] data = new byte[frames.size()][bytes];
        for (int f = 0; f < frames.size(); f++) {
            Mat frame = frames.get(f);
            if (frame.rows() != rows || frame.cols() != cols || frame.type() != CV_8UC3) {
                throw new IllegalArgumentException("frame " + f + " is not a " + cols + "x" + rows + " BGR image");
            }
            Mat continuous = frame.isContinuous() ? frame : frame.clone();
            continuous.data().get(data[f]);
        }
        byte[] plate = new byte[bytes];
        int[] values = new int[frames.size()];
        for (int i = 0; i < bytes; i++) {
            for (int f = 0; f < values.length; f++) {
                values[f] = data[f][i] & 0xFF;
            }
            Arrays.sort(values);
            plate[i] = (byte) values[values.length / 2];
        }
        Mat result = new Mat(rows, cols, CV_8UC3);
        result.data().put(plate);
        return result;
    }
}
