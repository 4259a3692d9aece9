package dev.vigia.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Pascal VOC AP against the reference values on the 7-image toy set (shared/data/map/voc-toy). */
class VocEvaluatorTest {

    @Test
    void reproducesTheReferenceApAtEveryThresholdWithBothInterpolations() throws Exception {
        Path toy = CocoEvaluatorTest.MAP_DATA.resolve("voc-toy");
        assumeTrue(Files.isDirectory(toy), "shared/data/map/voc-toy is not beside this checkout");
        Dataset data = DetectionFiles.read(toy.resolve("groundtruths"), toy.resolve("detections"), DetectionFiles.Options.recognise());
        assertEquals(DetectionFiles.Format.TEXT, DetectionFiles.recognise(toy.resolve("groundtruths")));
        List<String> expected = Files.readAllLines(toy.resolve("expected.tsv"));
        int compared = 0;
        for (String line : expected.subList(1, expected.size())) {
            String[] fields = line.split("\t");
            double iou = Double.parseDouble(fields[0].replaceFirst(".*@IoU", ""));
            VocEvaluator.Interpolation interpolation = fields[0].startsWith("AP_11point")
                    ? VocEvaluator.Interpolation.ELEVEN_POINT : VocEvaluator.Interpolation.ALL_POINT;
            double ours = VocEvaluator.evaluate(data, iou, interpolation, true).mean();
            assertEquals(Double.parseDouble(fields[1]), ours, 1e-9, String.format(Locale.ROOT, "%s: ours %.10f", fields[0], ours));
            compared++;
        }
        assertEquals(8, compared);
    }
}
