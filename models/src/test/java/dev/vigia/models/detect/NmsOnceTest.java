package dev.vigia.models.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * greedy NMS removes — and by default the detector applies its family's NMS itself.
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
