package dev.vigia.models.nms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.models.boxes.Detections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Soft-NMS against OpenCV's {@code softNMSBoxes} on the shared box files (IoU 0.5, σ 0.5, score
 * threshold 0.001). OpenCV takes integer rectangles: x, y, width and height each rounded.
 */
class SoftNmsTest {

    private static final Path NMS_DATA = Path.of(System.getProperty("vigia.shared.data", "../shared/data"), "nms");

    static Detections roundedBoxes(Path file) throws Exception {
        Detections d = new Detections();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            double x1 = Double.parseDouble(f[0]);
            double y1 = Double.parseDouble(f[1]);
            // Python rounds halves to even, in float64; so must we, to build the same rectangles.
            double x = Math.rint(x1);
            double y = Math.rint(y1);
            d.add((float) x, (float) y, (float) (x + Math.rint(Double.parseDouble(f[2]) - x1)),
                    (float) (y + Math.rint(Double.parseDouble(f[3]) - y1)), Float.parseFloat(f[4]), d.size());
        }
        return d;
    }

    @ParameterizedTest
    @CsvSource({"small_50,GAUSSIAN,cv2.softNMS_gaussian", "small_50,LINEAR,cv2.softNMS_linear",
        "med_1000,GAUSSIAN,cv2.softNMS_gaussian", "med_1000,LINEAR,cv2.softNMS_linear"})
    void keepsAndScoresEqualOpenCv(String name, SoftNms.Decay decay, String reference) throws Exception {
        Path boxes = NMS_DATA.resolve("boxes").resolve(name + ".txt");
        assumeTrue(Files.isRegularFile(boxes), "shared NMS data not found at " + NMS_DATA);
        Detections d = roundedBoxes(boxes);
        new SoftNms(decay, 0.5f, 0.5f, 0.001f, Integer.MAX_VALUE).apply(d);

        String row = Files.readAllLines(NMS_DATA.resolve("expected").resolve(name + ".iou0.5.tsv")).stream()
                .filter(l -> l.startsWith(reference + "\t")).findFirst().orElseThrow();
        String[] f = row.split("\t");
        int[] keep = Arrays.stream(f[1].split(",")).mapToInt(Integer::parseInt).toArray();
        float[] scores = new float[keep.length];
        List<String> s = List.of(f[3].substring("scores=".length()).split(","));
        for (int i = 0; i < keep.length; i++) {
            scores[i] = Float.parseFloat(s.get(i));
        }
        int[] ours = new int[d.size()];
        float[] ourScores = new float[d.size()];
        for (int i = 0; i < d.size(); i++) {
            ours[i] = d.classId(i); // the class id carried each box's input index
            ourScores[i] = d.score(i);
        }
        assertArrayEquals(keep, ours, reference + " keep list on " + name);
        assertArrayEquals(scores, ourScores, 1e-4f, reference + " scores on " + name);
        assertEquals(keep.length, d.size());
    }
}
