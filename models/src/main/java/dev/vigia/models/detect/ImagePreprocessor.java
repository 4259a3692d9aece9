package dev.vigia.models.detect;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_dnn.DNN_LAYOUT_NCHW;
import static org.bytedeco.opencv.global.opencv_dnn.DNN_LAYOUT_NHWC;
import static org.bytedeco.opencv.global.opencv_dnn.DNN_PMODE_NULL;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImageWithParams;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.vigia.config.UserError;
import dev.vigia.models.catalog.InputSpec;
import dev.vigia.models.catalog.Preprocessing;
import dev.vigia.models.engine.TensorCopies;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Image2BlobParams;

/**
 * Turns a BGR frame into the model's input tensor with OpenCV alone: resize (stretch or
 * letterbox), colour order, {@code (x - mean) / std} and NCHW/NHWC layout all run natively into
 * a reused float blob (hot path: no per-pixel Java loop, no image allocation after the first frame).
 */
public final class ImagePreprocessor implements AutoCloseable {

    private final InputSpec input;
    private final Preprocessing preprocessing;
    private final Mat resized = new Mat();
    private final Mat letterboxed = new Mat();
    private final Mat blob = new Mat();
    private final Image2BlobParams blobParams;
    private final Scalar padColorBgr;
    private final Size inputSize;

    public ImagePreprocessor(InputSpec input, Preprocessing preprocessing) {
        this.input = input;
        this.preprocessing = preprocessing;
        float[] mean = preprocessing.mean();
        float[] std = preprocessing.std();
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new UserError("Preprocessing needs 3 mean and 3 std values (one per channel)");
        }
        boolean rgb = preprocessing.color() == Preprocessing.ColorOrder.RGB;
        inputSize = new Size(input.width(), input.height());
        blobParams = new Image2BlobParams(
                new Scalar(1 / std[0], 1 / std[1], 1 / std[2], 1),
                inputSize,
                new Scalar(mean[0], mean[1], mean[2], 0),
                rgb,
                input.dtype() == InputSpec.ElementType.UINT8 ? CV_8U : CV_32F,
                input.layout() == InputSpec.TensorLayout.NCHW ? DNN_LAYOUT_NCHW : DNN_LAYOUT_NHWC,
                DNN_PMODE_NULL,
                new Scalar(0.0));
        // Padding takes the mean colour, so it becomes zero after normalisation.
        padColorBgr = rgb ? new Scalar(mean[2], mean[1], mean[0], 0) : new Scalar(mean[0], mean[1], mean[2], 0);
    }

    /** Fills the blob from {@code bgr} and returns how the frame was mapped into the input. */
    public FrameTransform prepare(Mat bgr) {
        return prepare(bgr, blob);
    }

    /**
     * Fills {@code blobInto} (allocated by OpenCV on first use, reused after) from {@code bgr}:
     * a caller that keeps one blob per frame can prepare frames ahead of inference.
     */
    public FrameTransform prepare(Mat bgr, Mat blobInto) {
        int width = bgr.cols();
        int height = bgr.rows();
        if (width == 0 || height == 0 || bgr.channels() != 3) {
            throw new IllegalArgumentException("Expected a non-empty 3-channel BGR frame, got "
                    + width + "x" + height + "x" + bgr.channels());
        }
        FrameTransform transform;
        if (preprocessing.resize() == Preprocessing.ResizeMode.LETTERBOX) {
            float scale = Math.min(input.width() / (float) width, input.height() / (float) height);
            int scaledWidth = Math.min(input.width(), Math.round(width * scale));
            int scaledHeight = Math.min(input.height(), Math.round(height * scale));
            int left = (input.width() - scaledWidth) / 2;
            int top = (input.height() - scaledHeight) / 2;
            resize(bgr, resized, new Size(scaledWidth, scaledHeight), 0, 0, INTER_LINEAR);
            copyMakeBorder(resized, letterboxed, top, input.height() - scaledHeight - top,
                    left, input.width() - scaledWidth - left, BORDER_CONSTANT, padColorBgr);
            blobFromImageWithParams(letterboxed, blobInto, blobParams);
            transform = new FrameTransform(scaledWidth / (float) width, scaledHeight / (float) height,
                    left, top, width, height);
        } else {
            resize(bgr, resized, inputSize, 0, 0, INTER_LINEAR);
            blobFromImageWithParams(resized, blobInto, blobParams);
            transform = new FrameTransform(input.width() / (float) width, input.height() / (float) height,
                    0, 0, width, height);
        }
        return transform;
    }

    /** The prepared input (float32 or uint8, as the model takes), valid until the next {@link #prepare}. */
    public java.nio.Buffer blobBuffer() {
        return blob.createBuffer();
    }

    /** The prepared input's bytes, for the engine to copy once into a tensor; valid until the next {@link #prepare}. */
    public java.nio.ByteBuffer blobBytes() {
        return TensorCopies.bytesOf(blob);
    }

    /** A blob that {@link #prepare(Mat, Mat)} filled, as bytes the engine copies once into a tensor. */
    static java.nio.ByteBuffer bufferOf(Mat preparedBlob) {
        return TensorCopies.bytesOf(preparedBlob);
    }

    /** Copies a prepared blob into {@code batch} at {@code offset} bytes; returns its size in bytes. */
    static int copyBlobInto(Mat preparedBlob, java.nio.ByteBuffer batch, int offset) {
        int bytes = Math.toIntExact(preparedBlob.total() * preparedBlob.elemSize());
        org.bytedeco.javacpp.BytePointer data = preparedBlob.data();
        java.nio.ByteBuffer view = data.capacity(bytes).asByteBuffer();
        batch.put(offset, view, 0, bytes);
        return bytes;
    }

    /** A preprocessor with the same settings and buffers of its own, for another thread. */
    public ImagePreprocessor another() {
        return new ImagePreprocessor(input, preprocessing);
    }

    /** Bytes of one prepared image. */
    public int imageBytes() {
        int elements = 3 * input.width() * input.height();
        return input.dtype() == InputSpec.ElementType.UINT8 ? elements : elements * Float.BYTES;
    }

    public InputSpec.ElementType elementType() {
        return input.dtype();
    }

    /** The input tensor's shape: batch of 1 in the model's layout. */
    public long[] tensorShape() {
        return tensorShape(1);
    }

    /** The input tensor's shape for {@code batch} images in the model's layout. */
    public long[] tensorShape(int batch) {
        return input.layout() == InputSpec.TensorLayout.NCHW
                ? new long[] {batch, 3, input.height(), input.width()}
                : new long[] {batch, input.height(), input.width(), 3};
    }

    @Override
    public void close() {
        resized.close();
        letterboxed.close();
        blob.close();
        blobParams.close();
        padColorBgr.close();
        inputSize.close();
    }
}
