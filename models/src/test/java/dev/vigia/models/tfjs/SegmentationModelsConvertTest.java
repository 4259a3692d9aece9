package dev.vigia.models.tfjs;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.detect.ImagePreprocessor;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The converter is general: the person-segmentation models (for masks later) convert and segment
 * the person in darknet's person.jpg (person at about x 190..276, y 100..372 of 640x424).
 */
class SegmentationModelsConvertTest {

    @Test
    void selfieMaskCoversThePersonAndNotTheSky() {
        float[] mask = runOnPersonPhoto("selfie", new long[] {1, 256, 256, 1});
        float person = meanOver(mask, 256, 256, 1, 0, 0.33f, 0.30f, 0.41f, 0.80f);
        float sky = meanOver(mask, 256, 256, 1, 0, 0.05f, 0.02f, 0.95f, 0.15f);
        assertTrue(person > 0.5f && sky < 0.2f, "person " + person + ", sky " + sky);
    }

    @Test
    void meetSegmentsThePersonAgainstBackground() {
        float[] logits = runOnPersonPhoto("meet", new long[] {1, 144, 256, 2});
        float personMinusBackground = meanOver(logits, 256, 144, 2, 1, 0.33f, 0.30f, 0.41f, 0.80f)
                - meanOver(logits, 256, 144, 2, 0, 0.33f, 0.30f, 0.41f, 0.80f);
        float skyPersonMinusBackground = meanOver(logits, 256, 144, 2, 1, 0.05f, 0.02f, 0.95f, 0.15f)
                - meanOver(logits, 256, 144, 2, 0, 0.05f, 0.02f, 0.95f, 0.15f);
        assertTrue(personMinusBackground > 0 && skyPersonMinusBackground < 0,
                "person " + personMinusBackground + ", sky " + skyPersonMinusBackground);
    }

    private static float[] runOnPersonPhoto(String id, long[] expectedShape) {
        InstalledModel model = ModelStore.standard().ensure(id);
        ModelSpec spec = model.spec();
        Mat photo = imread(SampleMedia.standard().file("person.jpg").toString());
        try (SavedModelRunner runner = SavedModelRunner.load(model.savedModel(), DeviceChoice.AUTO);
                ImagePreprocessor preprocessor = new ImagePreprocessor(spec.input(), spec.preprocess())) {
            preprocessor.prepare(photo);
            NDArray input = runner.manager().create(preprocessor.blobBuffer(), new Shape(preprocessor.tensorShape()), DataType.FLOAT32);
            NDArray output = runner.run(new NDList(input)).values().iterator().next();
            assertArrayEquals(expectedShape, output.getShape().getShape());
            return output.toFloatArray();
        }
    }

    /** Mean of one channel over a box given in fractions of the width and height. */
    private static float meanOver(float[] hwc, int width, int height, int channels, int channel,
            float left, float top, float right, float bottom) {
        double sum = 0;
        int count = 0;
        for (int y = (int) (top * height); y < (int) (bottom * height); y++) {
            for (int x = (int) (left * width); x < (int) (right * width); x++) {
                sum += hwc[(y * width + x) * channels + channel];
                count++;
            }
        }
        return (float) (sum / count);
    }
}
