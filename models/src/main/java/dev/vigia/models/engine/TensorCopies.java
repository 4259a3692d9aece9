package dev.vigia.models.engine;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_TensorHandleResolve;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorByteSize;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.tensorflow.engine.TfNDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.tensorflow.internal.c_api.TFE_TensorHandle;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;

/**
 * Moves tensor data between OpenCV images, Java arrays and TensorFlow with one copy each way.
 * DJL's own paths cost more per frame: {@code NDManager.create} given a {@code FloatBuffer} first
 * copies it into a new, zeroed direct buffer, and {@code NDArray.toByteBuffer()} copies the
 * tensor into a new heap buffer that the caller copies again: 3.5 MB a NanoDet frame. On 2 cores
 * those allocations and copies were about half of the detection worker's own time on the
 * inference core ({@code perf}), which it shares with TensorFlow's thread.
 */
public final class TensorCopies {

    private TensorCopies() {}

    /**
     * The pixels of a continuous image as a direct buffer over its own memory (no copy), for
     * {@code NDManager.create(buffer, shape, type)}, which copies a direct {@link ByteBuffer} once
     * into the new tensor. Valid while the image keeps its memory.
     *
     * @throws IllegalArgumentException when the image is empty or not continuous
     */
    public static ByteBuffer bytesOf(Mat image) {
        if (image.empty() || !image.isContinuous()) {
            throw new IllegalArgumentException("Expected a non-empty continuous image, got " + image.cols() + "x" + image.rows()
                    + (image.empty() ? " (empty)" : " (not continuous)"));
        }
        long bytes = image.total() * image.elemSize();
        BytePointer data = image.data();
        return data.capacity(bytes).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /**
     * Copies a tensor's values into {@code into}, which must hold exactly its elements; a tensor
     * of another type is converted to float32 first.
     */
    public static void copyFloats(NDArray array, float[] into) {
        if (array.size() != into.length) {
            throw new IllegalArgumentException("A tensor of " + array.size() + " values does not fit an array of " + into.length);
        }
        if (array.getDataType() != DataType.FLOAT32) {
            try (NDArray asFloat = array.toType(DataType.FLOAT32, false)) {
                copyFloats(asFloat, into);
            }
            return;
        }
        if (!(array instanceof TfNDArray tensor)) {
            array.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(into);
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            new FloatPointer(TF_TensorData(resolve(tensor))).capacity(into.length).get(into);
        }
    }

    /** Copies a tensor's bytes into {@code into} from its position on; the position ends after them. */
    public static void copyBytes(NDArray array, ByteBuffer into) {
        if (!(array instanceof TfNDArray tensor)) {
            into.put(array.toByteBuffer());
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            TF_Tensor resolved = resolve(tensor);
            long bytes = TF_TensorByteSize(resolved);
            if (bytes > into.remaining()) {
                throw new IllegalArgumentException("A tensor of " + bytes + " bytes does not fit the " + into.remaining() + " left in the buffer");
            }
            into.put(TF_TensorData(resolved).capacity(bytes).asByteBuffer());
        }
    }

    /** The tensor behind an eager handle (on a GPU, a copy in host memory), freed when the enclosing scope closes. */
    private static TF_Tensor resolve(TfNDArray tensor) {
        TF_Status status = TF_Status.newStatus();
        TF_Tensor resolved = TFE_TensorHandleResolve((TFE_TensorHandle) tensor.getHandle(), status).withDeallocator();
        status.throwExceptionIfNotOK();
        return resolved;
    }
}
