package dev.vigia.models.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detection;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.nms.Suppressors;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * NMS runs once: the detector returns its raw candidates when asked, so the suppressor chosen
 * by the caller sees every overlapping box — soft-NMS can keep, with a lowered score, a box that
 * greedy NMS removes, and DIoU-NMS keeps a neighbour that overlaps a kept box but sits apart
 * from it — and by default the detector applies its family's NMS itself.
 */
class NmsOnceTest {

    private static Detections candidates(Mat photo) {
        try (Detector nanodet = Detectors.open(ModelStore.standard(), "nanodet",
                new DetectorOptions(0.2f, DeviceChoice.AUTO).withCandidatesOnly())) {
            return copy(nanodet.detect(photo));
        }
    }

    private static Detections copy(Detections from) {
        Detections to = new Detections();
        for (int i = 0; i < from.size(); i++) {
            to.add(from.x1(i), from.y1(i), from.x2(i), from.y2(i), from.score(i), from.classId(i));
        }
        to.setLabels(from.labels());
        return to;
    }

    /** The candidate with exactly this box and class, or -1. */
    private static int find(Detections in, Detections ref, int r) {
        for (int i = 0; i < in.size(); i++) {
            if (in.classId(i) == ref.classId(r) && in.x1(i) == ref.x1(r) && in.y1(i) == ref.y1(r) && in.x2(i) == ref.x2(r)
                    && in.y2(i) == ref.y2(r)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void softNmsKeepsWithALowerScoreABoxGreedyRemoves() {
        Mat dog = imread(SampleMedia.standard().file("dog.jpg").toString());
        Detections raw = candidates(dog);
        Detections greedy = copy(raw);
        Suppressors.create("greedy", 0.6f, true, 300, 100).apply(greedy);
        Detections soft = copy(raw);
        Suppressors.create("soft", 0.6f, true, 300, 100).apply(soft);
        assertTrue(raw.size() > greedy.size(), "greedy removes overlapping candidates: " + raw.size() + " -> " + greedy.size());
        int witnessed = 0;
        for (int s = 0; s < soft.size(); s++) {
            int original = find(raw, soft, s);
            if (find(greedy, soft, s) < 0 && original >= 0 && soft.score(s) < raw.score(original)) {
                witnessed++;
            }
        }
        assertTrue(witnessed > 0, "soft-NMS keeps a box greedy removed, with a lowered score (soft kept " + soft.size() + ")");
    }

    /**
     * DIoU-NMS sees the same candidates as greedy and keeps, on a real photo, a box that greedy
     * removes: one overlapping a kept box of its class by more than the threshold, whose centre
     * is far enough away that the overlap less DIoU's penalty is not. Both figures are computed
     * here from the boxes, not read from the suppressor. At IoU 0.45 (YOLO's usual setting,
     * {@code --nms diou --iou 0.45}); at NanoDet's own 0.6 these photos hold no such pair.
     */
    @Test
    void diouNmsKeepsANeighbourThatGreedyRemoves() {
        float threshold = 0.45f;
        StringBuilder seen = new StringBuilder();
        for (String photo : List.of("horses.jpg", "person.jpg", "dog.jpg", "kite.jpg", "giraffe.jpg")) {
            Detections raw = candidates(imread(SampleMedia.standard().file(photo).toString()));
            Detections greedy = copy(raw);
            Suppressors.create("greedy", threshold, true, 300, 100).apply(greedy);
            Detections diou = copy(raw);
            Suppressors.create("diou", threshold, true, 300, 100).apply(diou);
            for (int d = 0; d < diou.size(); d++) {
                if (find(greedy, diou, d) >= 0) {
                    continue;
                }
                for (int g = 0; g < greedy.size(); g++) {
                    if (greedy.classId(g) != diou.classId(d) || greedy.score(g) < diou.score(d)) {
                        continue;
                    }
                    double overlap = iou(greedy, g, diou, d);
                    if (overlap > threshold && overlap - centrePenalty(greedy, g, diou, d) <= threshold) {
                        return;
                    }
                }
            }
            seen.append(photo).append(": greedy kept ").append(greedy.size()).append(", DIoU ").append(diou.size()).append("; ");
        }
        throw new AssertionError("DIoU-NMS kept no neighbour that greedy removed (" + seen + ")");
    }

    private static double iou(Detections a, int i, Detections b, int j) {
        double w = Math.min(a.x2(i), b.x2(j)) - Math.max(a.x1(i), b.x1(j));
        double h = Math.min(a.y2(i), b.y2(j)) - Math.max(a.y1(i), b.y1(j));
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double areaA = (a.x2(i) - a.x1(i)) * (double) (a.y2(i) - a.y1(i));
        double areaB = (b.x2(j) - b.x1(j)) * (double) (b.y2(j) - b.y1(j));
        return w * h / (areaA + areaB - w * h);
    }

    /** Squared centre distance over the squared diagonal of the smallest box around both (the DIoU paper's penalty). */
    private static double centrePenalty(Detections a, int i, Detections b, int j) {
        double dx = (a.x1(i) + a.x2(i) - b.x1(j) - b.x2(j)) / 2.0;
        double dy = (a.y1(i) + a.y2(i) - b.y1(j) - b.y2(j)) / 2.0;
        double w = Math.max(a.x2(i), b.x2(j)) - Math.min(a.x1(i), b.x1(j));
        double h = Math.max(a.y2(i), b.y2(j)) - Math.min(a.y1(i), b.y1(j));
        return (dx * dx + dy * dy) / (w * w + h * h);
    }

    @Test
    void byDefaultTheDetectorSuppressesOnceWithItsFamilysNms() {
        Mat dog = imread(SampleMedia.standard().file("dog.jpg").toString());
        Detections raw = candidates(dog);
        Detections expected = copy(raw);
        Suppressors.create("greedy", 0.6f, true, 100, 100).apply(expected);
        try (Detector nanodet = Detectors.open(ModelStore.standard(), "nanodet", new DetectorOptions(0.2f, DeviceChoice.AUTO))) {
            Detections suppressed = nanodet.detect(dog);
            assertEquals(raw.size(), suppressed.candidates(), "the candidates before NMS are counted");
            List<Detection> ours = suppressed.toList();
            assertEquals(expected.toList(), ours, "the family's NMS (greedy at nms_iou 0.6, class-aware) ran once");
        }
    }
}
