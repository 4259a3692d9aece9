package dev.vigia.models.segment;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both person segmenters on the person's crop of darknet's person.jpg (person at about x 190..276,
 * y 100..372): the mask has the crop's size, covers the blue jacket and leaves the grass beside
 * the legs. (Quality against outlines drawn by hand is measured in the pipeline's mask tests.)
 */
class PersonSegmenterTest {

    @ParameterizedTest
    @ValueSource(strings = {"selfie", "meet"})
    void theMaskCoversThePersonOfTheCropAndNotTheGrass(String model) {
        Mat photo = imread(SampleMedia.standard().file("person.jpg").toString());
        try (PersonSegmenter segmenter = Segmenters.person(ModelStore.standard(), model, DeviceChoice.CPU);
                Mat crop = photo.apply(new Rect(180, 90, 106, 292));
                Mat probabilities = segmenter.segment(crop);
                FloatIndexer p = probabilities.createIndexer()) {
            assertEquals(106, probabilities.cols());
            assertEquals(292, probabilities.rows());
            // Jacket at (230, 190) and trousers at (232, 290) in the photo; grass at (190, 340) and (280, 330).
            assertTrue(p.get(100, 50) > 0.5f && p.get(200, 52) > 0.5f, model + " misses the person");
            assertTrue(p.get(250, 10) < 0.5f && p.get(240, 100) < 0.5f, model + " takes the grass");
        }
    }

    @Test
    void aDetectorIsNotASegmenter() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> Segmenters.person(ModelStore.standard(), "nanodet", DeviceChoice.CPU));
        assertTrue(refused.getMessage().contains("not a segmenter"), refused.getMessage());
    }
}
