package dev.vigia.models.nms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.models.boxes.Detections;
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

    @Test
    void diouKeepsOverlappingNeighboursWhoseCentresSitApart() {
        // IoU 400 / 800 = 0.5: plain NMS at 0.47 drops the second box; DIoU subtracts the
        // centre-distance penalty 10² / (40² + 20²) = 0.05, leaving 0.45, and keeps it.
        Detections plain = new Detections();
        plain.add(0, 0, 30, 20, 0.9f, 0);
        plain.add(10, 0, 40, 20, 0.8f, 0);
        Detections diou = new Detections();
        diou.add(0, 0, 30, 20, 0.9f, 0);
        diou.add(10, 0, 40, 20, 0.8f, 0);
        new GreedyNms(0.47f, false, 100, Integer.MAX_VALUE, false).apply(plain);
        new GreedyNms(0.47f, false, 100, Integer.MAX_VALUE, true).apply(diou);
        assertEquals(1, plain.size());
        assertEquals(2, diou.size());
    }

    /**
     * DIoU-NMS never suppresses more than greedy against the same kept box (it subtracts a penalty
     * from the overlap), but it keeps different boxes, and a box it keeps can suppress one that
     * greedy keeps. Boxes 20 high, one class, threshold 0.47:
     * A [0,30] 0.9, B [10,40] 0.8, C [16,46] 0.7.
     * A-B: IoU 400 / 800 = 0.5; penalty 10² / (40² + 20²) = 0.05, so DIoU 0.45.
     * A-C: IoU 280 / 920 = 0.304 (below the threshold with or without the penalty).
     * B-C: IoU 480 / 720 = 0.667; penalty 6² / (36² + 20²) = 36 / 1696 = 0.021, so DIoU 0.645.
     * Greedy: keeps A, removes B (0.5 > 0.47), keeps C (only A is kept, 0.304). Keep: A, C.
     * DIoU: keeps A, keeps B (0.45), removes C (0.645 against B). Keep: A, B.
     */
    @Test
    void diouSuppressesABoxThatGreedyKeepsThroughANeighbourOnlyDiouKeeps() {
        Detections plain = chain();
        Detections diou = chain();
        new GreedyNms(0.47f, false, 100, Integer.MAX_VALUE, false).apply(plain);
        new GreedyNms(0.47f, false, 100, Integer.MAX_VALUE, true).apply(diou);
        assertEquals(2, plain.size());
        assertEquals(0.9f, plain.score(0));
        assertEquals(0.7f, plain.score(1), "greedy keeps C");
        assertEquals(2, diou.size());
        assertEquals(0.9f, diou.score(0));
        assertEquals(0.8f, diou.score(1), "DIoU keeps B and suppresses C");
    }

    private static Detections chain() {
        Detections d = new Detections();
        d.add(0, 0, 30, 20, 0.9f, 0);
        d.add(10, 0, 40, 20, 0.8f, 0);
        d.add(16, 0, 46, 20, 0.7f, 0);
        return d;
    }

    @Test
    void capsPerClass() {
        Detections d = new Detections();
        for (int i = 0; i < 6; i++) {
            d.add(i * 20, 0, i * 20 + 10, 10, 1 - i / 10f, i % 2);
        }
        new GreedyNms(0.5f, true, 100, 2, false).apply(d);
        assertEquals(4, d.size(), "two of each class");
        assertEquals(0, d.classId(0));
        assertEquals(1, d.classId(1));
    }

    @Test
    void suppressorsByNameAndUnknownNamesListTheChoices() {
        assertTrue(Suppressors.create("soft", 0.5f, false, 10, 10) instanceof SoftNms);
        assertTrue(Suppressors.create("diou", 0.5f, false, 10, 10) instanceof GreedyNms);
        dev.vigia.config.UserError error = org.junit.jupiter.api.Assertions.assertThrows(dev.vigia.config.UserError.class,
                () -> Suppressors.create("fast", 0.5f, false, 10, 10));
        assertTrue(error.getMessage().contains("greedy, soft"), error.getMessage());
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
