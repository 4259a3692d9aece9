package dev.vigia.models.nms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.models.detect.Detections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GreedyNmsTest {

    private static final Path NMS_DATA = Path.of(System.getProperty("vigia.shared.data", "../shared/data"), "nms");

    @Test
    void suppressesOverlapsAboveThresholdKeepingTheBestFirst() {
        Detections d = new Detections();
        d.add(0, 0, 10, 10, 0.6f, 0);
        d.add(1, 1, 11, 11, 0.9f, 0); // IoU with the first = 81/119 = 0.68
        d.add(20, 20, 30, 30, 0.7f, 0);
        new GreedyNms(0.5f, false, 100).apply(d);
        assertEquals(2, d.size());
        assertEquals(0.9f, d.score(0));
        assertEquals(0.7f, d.score(1));
    }

    @Test
    void classAwareKeepsOverlapsOfDifferentClasses() {
        Detections d = new Detections();
        d.add(0, 0, 10, 10, 0.9f, 0);
        d.add(0, 0, 10, 10, 0.8f, 1);
        new GreedyNms(0.5f, true, 100).apply(d);
        assertEquals(2, d.size());
        new GreedyNms(0.5f, false, 100).apply(d);
        assertEquals(1, d.size());
    }

    @Test
    void capsTheNumberKept() {
        Detections d = new Detections();
        for (int i = 0; i < 10; i++) {
            d.add(i * 20, 0, i * 20 + 10, 10, i / 10f, 0);
        }
        new GreedyNms(0.5f, false, 3).apply(d);
        assertEquals(3, d.size());
        assertEquals(0.9f, d.score(0), 1e-6);
    }

    /** Keep lists of torchvision.ops.nms and cv2.dnn.NMSBoxes at IoU 0.5 on the shared box files. */
    @ParameterizedTest
    @ValueSource(strings = {"small_50", "med_1000"})
    void keepListsEqualTorchvisionAndOpenCv(String name) throws Exception {
        Path boxes = NMS_DATA.resolve("boxes").resolve(name + ".txt");
        assumeTrue(Files.isRegularFile(boxes), "shared NMS data not found at " + NMS_DATA);
        Detections d = new Detections();
        for (String line : Files.readAllLines(boxes)) {
            String[] f = line.trim().split("\\s+");
            d.add(Float.parseFloat(f[0]), Float.parseFloat(f[1]), Float.parseFloat(f[2]), Float.parseFloat(f[3]),
                    Float.parseFloat(f[4]), d.size());
        }
        new GreedyNms(0.5f, false, Integer.MAX_VALUE).apply(d);
        int[] kept = new int[d.size()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = d.classId(i); // the class id carried each box's input index
        }
        List<String> expected = Files.readAllLines(NMS_DATA.resolve("expected").resolve(name + ".iou0.5.tsv"));
        for (String reference : List.of("torchvision.nms", "cv2.NMSBoxes")) {
            String row = expected.stream().filter(l -> l.startsWith(reference + "\t")).findFirst().orElseThrow();
            int[] keep = Arrays.stream(row.split("\t")[1].split(",")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(keep, kept, reference + " on " + name);
        }
    }
}
