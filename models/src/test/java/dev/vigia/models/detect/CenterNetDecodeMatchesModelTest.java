package dev.vigia.models.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CenterNet graph also ships its own decode (max-pool peaks, top 100) as the
 * {@code tower_0/detections} output: rows of x1,y1,x2,y2,score,class in input pixels. Our Java
 * decoder on the raw heatmap and distances must agree with it (ours clamps boxes to the frame,
 * so the graph's negative coordinates compare as 0).
 */
class CenterNetDecodeMatchesModelTest {

    @Test
    void javaPeakDecodeEqualsTheGraphsOwnDecodeOnARealPhoto() {
        InstalledModel model = ModelStore.standard().ensure("centernet");
        ModelSpec spec = model.spec();
        CenterNetDecoder decoder = new CenterNetDecoder(spec.head(CenterNetDecoder.Head.class), 512, 512, 80);
        try (SavedModelRunner runner = SavedModelRunner.load(model.savedModel(), DeviceChoice.AUTO);
                ImagePreprocessor preprocessor = new ImagePreprocessor(spec.input(), spec.preprocess())) {
            preprocessor.prepare(imread(SampleMedia.standard().file("dog.jpg").toString()));
            NDArray input = runner.manager().create(preprocessor.blobBuffer(), new Shape(preprocessor.tensorShape()), DataType.FLOAT32);
            Map<String, NDArray> out = runner.run(new NDList(input));
            float[] reference = out.get("tower_0/detections").toFloatArray();

            Detections ours = new Detections();
            decoder.decode(new float[][] {out.get("tower_0/keypoints").toFloatArray(), out.get("tower_0/wh").toFloatArray()},
                    new FrameTransform(1, 1, 0, 0, 100_000, 100_000), 0.05f, ours);

            int compared = 0;
            for (int row = 0; row < 100 && reference[row * 6 + 4] > 0.05f; row++, compared++) {
                assertEquals(reference[row * 6 + 4], ours.score(row), 1e-5, "score of peak " + row);
                assertEquals((int) reference[row * 6 + 5], ours.classId(row), "class of peak " + row);
                assertEquals(Math.max(0, reference[row * 6]), ours.x1(row), 1e-3, "x1 of peak " + row);
                assertEquals(Math.max(0, reference[row * 6 + 1]), ours.y1(row), 1e-3, "y1 of peak " + row);
                assertEquals(Math.max(0, reference[row * 6 + 2]), ours.x2(row), 1e-3, "x2 of peak " + row);
                assertEquals(Math.max(0, reference[row * 6 + 3]), ours.y2(row), 1e-3, "y2 of peak " + row);
            }
            assertEquals(compared, ours.size(), "same number of peaks above 0.05");
            assertEquals(true, compared >= 5, "the photo has several peaks above 0.05, found " + compared);
        }
    }
}
