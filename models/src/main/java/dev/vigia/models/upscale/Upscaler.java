package dev.vigia.models.upscale;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.engine.TensorCopies;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One super-resolution model on one thread: a BGR image in, the image {@code scale} times larger
 * out, in one inference. Whole images only as large as memory allows; {@link TiledUpscaler}
 * bounds memory for any size.
 */
public final class Upscaler implements AutoCloseable {

    private final String modelId;
    private final SavedModelRunner runner;
    private final UpscaleHead head;
    private final Mat rgb = new Mat();
    private final Mat rgbFloat = new Mat();
    private final Mat outputU8 = new Mat();
    private ByteBuffer outputBuffer;

    Upscaler(String modelId, SavedModelRunner runner, UpscaleHead head) {
        this.modelId = modelId;
        this.runner = runner;
        this.head = head;
    }

    public String modelId() {
        return modelId;
    }

    public int scale() {
        return head.scale();
    }

    /** The memory one inference over a {@code width}×{@code height} image needs, in bytes (measured per model). */
    public long bytesFor(int width, int height) {
        return (long) width * height * head.bytesPerInputPixel();
    }

    /** A new BGR image {@link #scale()} times as wide and high as {@code bgr}, which must be 3-channel 8-bit. */
    public Mat upscale(Mat bgr) {
        if (bgr.empty() || bgr.type() != CV_8UC3) {
            throw new IllegalArgumentException("Expected a non-empty 8-bit BGR image, got " + bgr.cols() + "x" + bgr.rows()
                    + " of type " + bgr.type());
        }
        int width = bgr.cols();
        int height = bgr.rows();
        cvtColor(bgr, rgb, COLOR_BGR2RGB);
        rgb.convertTo(rgbFloat, CV_32FC3, head.inputRange() / 255.0, 0);
        int scale = head.scale();
        Mat outputFloat;
        try (NDManager scope = runner.manager().newSubManager()) {
            NDArray input = scope.create(TensorCopies.bytesOf(rgbFloat), new Shape(1, height, width, 3), DataType.FLOAT32);
            Map<String, NDArray> results = runner.run(new NDList(input));
            NDArray output = results.values().iterator().next();
            long[] shape = output.getShape().getShape();
            if (shape.length != 4 || shape[1] != (long) height * scale || shape[2] != (long) width * scale || shape[3] != 3) {
                throw new IllegalStateException("Model '" + modelId + "' returned " + output.getShape() + " for a "
                        + width + "x" + height + " image at scale " + scale);
            }
            int bytes = Math.toIntExact(output.size() * Float.BYTES);
            if (outputBuffer == null || outputBuffer.capacity() < bytes) {
                // Kept from call to call: a direct buffer per frame is freed only by a GC, which a video outruns.
                outputBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            }
            outputBuffer.clear();
            TensorCopies.copyBytes(output, outputBuffer);
            outputBuffer.flip();
            outputFloat = new Mat(height * scale, width * scale, CV_32FC3, new BytePointer(outputBuffer));
        }
        // convertTo saturates and rounds: values past white or below black are clipped, as the exports' own post-processing does.
        outputFloat.convertTo(outputU8, CV_8UC3, 255.0 / head.inputRange(), 0);
        outputFloat.close();
        Mat result = new Mat();
        cvtColor(outputU8, result, COLOR_RGB2BGR);
        return result;
    }

    @Override
    public void close() {
        runner.close();
        rgb.close();
        rgbFloat.close();
        outputU8.close();
    }
}
