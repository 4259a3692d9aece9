package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.models.catalog.InputSpec;
import dev.vigia.models.catalog.Preprocessing;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    /** A 40x20 BGR frame: left half pure blue (255,0,0), right half pure red (0,0,255). */
    private static Mat twoColourFrame() {
        Mat frame = new Mat(20, 40, opencv_core.CV_8UC3, new Scalar(255, 0, 0, 0));
        new Mat(20, 20, opencv_core.CV_8UC3, new Scalar(0, 0, 255, 0))
                .copyTo(frame.apply(new org.bytedeco.opencv.opencv_core.Rect(20, 0, 20, 20)));
        return frame;
    }

    @Test
    void letterboxNchwBgrNormalisesPerChannelAndPadsWithZeroAfterNormalisation() {
        InputSpec input = new InputSpec(8, 8, InputSpec.TensorLayout.NCHW);
        Preprocessing pre = new Preprocessing(Preprocessing.ResizeMode.LETTERBOX, Preprocessing.ColorOrder.BGR,
                new float[] {100, 50, 25}, new float[] {2, 5, 10});
        try (ImagePreprocessor preprocessor = new ImagePreprocessor(input, pre)) {
            FrameTransform t = preprocessor.prepare(twoColourFrame());
            // 40x20 into 8x8: scale 0.2 -> 8x4, centred vertically with 2 rows of padding above.
            assertEquals(0.2f, t.scaleX(), 1e-6);
            assertEquals(2, t.padY(), 1e-6);
            assertEquals(0, t.padX(), 1e-6);
            assertEquals(20f, t.toSourceX(4), 1e-4);
            assertEquals(0f, t.toSourceY(2), 1e-4);
            assertArrayEquals(new long[] {1, 3, 8, 8}, preprocessor.tensorShape());
            FloatBuffer blob = (FloatBuffer) preprocessor.blobBuffer();
            // Channel 0 (blue), row 4, column 0: (255 - 100) / 2. Channel 2 (red) at column 7: (255 - 25) / 10.
            assertEquals(77.5f, blob.get(0 * 64 + 4 * 8), 1e-3);
            assertEquals(23f, blob.get(2 * 64 + 4 * 8 + 7), 1e-3);
            // Padding row 0 is the mean colour, zero after normalisation, in every channel.
            assertEquals(0f, blob.get(0), 1e-4);
            assertEquals(0f, blob.get(64 + 3), 1e-4);
            assertEquals(0f, blob.get(128 + 7), 1e-4);
        }
    }

    @Test
    void stretchNhwcRgbSwapsChannels() {
        InputSpec input = new InputSpec(4, 4, InputSpec.TensorLayout.NHWC);
        Preprocessing pre = new Preprocessing(Preprocessing.ResizeMode.STRETCH, Preprocessing.ColorOrder.RGB,
                new float[] {0, 0, 0}, new float[] {255, 255, 255});
        try (ImagePreprocessor preprocessor = new ImagePreprocessor(input, pre)) {
            FrameTransform t = preprocessor.prepare(twoColourFrame());
            assertEquals(0.1f, t.scaleX(), 1e-6);
            assertEquals(0.2f, t.scaleY(), 1e-6);
            FloatBuffer blob = (FloatBuffer) preprocessor.blobBuffer();
            // Pixel (0,0) is blue: RGB = (0, 0, 1). Pixel (0,3) is red: RGB = (1, 0, 0).
            assertArrayEquals(new float[] {0, 0, 1}, new float[] {blob.get(0), blob.get(1), blob.get(2)}, 1e-4f);
            assertArrayEquals(new float[] {1, 0, 0}, new float[] {blob.get(9), blob.get(10), blob.get(11)}, 1e-4f);
        }
    }
}
