package dev.vigia.models.engine;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

/** Images into tensors and tensors into arrays, each in one copy, with the values DJL's own paths give. */
class TensorCopiesTest {

    @Test
    void anImageGoesIntoATensorWithItsValuesInOrder() {
        try (Mat image = new Mat(2, 3, CV_32FC3); FloatIndexer pixels = image.createIndexer();
                NDManager manager = TensorFlowEngine.get().newBaseManager()) {
            float[] expected = new float[2 * 3 * 3];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = i * 0.5f - 3;
                pixels.put(i / 9, (i / 3) % 3, i % 3, expected[i]);
            }
            NDArray tensor = manager.create(TensorCopies.bytesOf(image), new Shape(1, 2, 3, 3), DataType.FLOAT32);
            assertArrayEquals(expected, tensor.toFloatArray());
        }
    }

    @Test
    void aViewIntoAnotherImageIsRefused() {
        try (Mat image = new Mat(4, 4, CV_8UC1); Mat corner = new Mat(image, new Rect(0, 0, 2, 2))) {
            assertThrows(IllegalArgumentException.class, () -> TensorCopies.bytesOf(corner));
            assertThrows(IllegalArgumentException.class, () -> TensorCopies.bytesOf(new Mat()));
        }
    }

    @Test
    void aFloatTensorIsCopiedIntoTheArray() {
        try (NDManager manager = TensorFlowEngine.get().newBaseManager()) {
            float[] values = {1.5f, -2f, 0f, 1e-7f, 3.25f, Float.MAX_VALUE};
            NDArray tensor = manager.create(values, new Shape(2, 3));
            float[] into = new float[6];
            TensorCopies.copyFloats(tensor, into);
            assertArrayEquals(values, into);
        }
    }

    @Test
    void aTensorOfAnotherTypeArrivesAsFloats() {
        try (NDManager manager = TensorFlowEngine.get().newBaseManager()) {
            NDArray tensor = manager.create(new int[] {7, -3, 100000});
            float[] into = new float[3];
            TensorCopies.copyFloats(tensor, into);
            assertArrayEquals(new float[] {7f, -3f, 100000f}, into);
        }
    }

    @Test
    void anArrayOfTheWrongSizeIsRefused() {
        try (NDManager manager = TensorFlowEngine.get().newBaseManager()) {
            NDArray tensor = manager.create(new float[] {1, 2, 3});
            assertThrows(IllegalArgumentException.class, () -> TensorCopies.copyFloats(tensor, new float[4]));
        }
    }

    @Test
    void aTensorsBytesLandAtTheBuffersPosition() {
        try (NDManager manager = TensorFlowEngine.get().newBaseManager()) {
            NDArray tensor = manager.create(new float[] {0.25f, -8f});
            ByteBuffer into = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
            into.putFloat(42f);
            TensorCopies.copyBytes(tensor, into);
            assertEquals(12, into.position());
            into.flip();
            assertEquals(42f, into.getFloat());
            assertEquals(0.25f, into.getFloat());
            assertEquals(-8f, into.getFloat());
            ByteBuffer tooSmall = ByteBuffer.allocateDirect(4);
            assertThrows(IllegalArgumentException.class, () -> TensorCopies.copyBytes(tensor, tooSmall));
        }
    }
}
