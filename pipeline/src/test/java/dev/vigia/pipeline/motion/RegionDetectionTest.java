package dev.vigia.pipeline.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.nms.Suppressor;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.TestVideos;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Region detection with the real detector (NanoDet) on a real frame of vtest.avi. */
class RegionDetectionTest {

    private static final int PERSON = 0;
    /** Crops 240 px wide and high: a pedestrian of vtest (about 40x100 px) fits with room around. */
    private static final int CROP = 240;

    private static DetectorModel model;
    private static Detector candidates;
    private static Mat frame;

    @BeforeAll
    static void load() {
        model = Detectors.load(ModelStore.standard(), "nanodet", DetectorOptions.defaults());
        candidates = model.newCandidateDetector();
        frame = TestVideos.frames("vtest.avi", 300, 300).get(0);
    }

    @AfterAll
    static void close() {
        candidates.close();
        model.close();
    }

    private static Detections wholeFrame() {
        Detections found = new Detections();
        new RegionDetection(candidates, model.newSuppressor()).detect(frame, new RegionPlan(), found);
        return found;
    }

    private static float iou(Detections d, int i, float[] box) {
        float w = Math.min(d.x2(i), box[2]) - Math.max(d.x1(i), box[0]);
        float h = Math.min(d.y2(i), box[3]) - Math.max(d.y1(i), box[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        float inter = w * h;
        return inter / ((d.x2(i) - d.x1(i)) * (d.y2(i) - d.y1(i)) + (box[2] - box[0]) * (box[3] - box[1]) - inter);
    }

    /** The people of {@code found} that overlap {@code box} at all. */
    private static int peopleOver(Detections found, float[] box) {
        int n = 0;
        for (int i = 0; i < found.size(); i++) {
            if (found.classId(i) == PERSON && found.score(i) >= 0.3f && iou(found, i, box) > 0.05f) {
                n++;
            }
        }
        return n;
    }

    @Test
    void detectionsFromTwoCropsOfOnePersonBecomeOneDetection() {
        Detections whole = wholeFrame();
        // The tallest person the whole frame shows clearly, where two crops can be placed on both sides of it.
        float[] person = null;
        for (int i = 0; i < whole.size(); i++) {
            float w = whole.x2(i) - whole.x1(i);
            boolean room = whole.x1(i) + w / 3 + CROP <= frame.cols() && whole.x2(i) - w / 3 >= CROP;
            if (whole.classId(i) == PERSON && whole.score(i) >= 0.6f && room
                    && (person == null || whole.y2(i) - whole.y1(i) > person[3] - person[1])) {
                person = new float[] {whole.x1(i), whole.y1(i), whole.x2(i), whole.y2(i)};
            }
        }
        assertNotNull(person, "vtest frame 300 shows a person clearly: " + whole.toList());
        float width = person[2] - person[0];
        // Crop A ends a third of the way into the person from the right, crop B starts a third in from the left: each sees
        // two thirds of them, cut by its border, and the two pieces overlap by a third (IoU 1/3, under the model's NMS 0.6).
        int cutA = Math.round(person[2] - width / 3);
        int cutB = Math.round(person[0] + width / 3);
        int top = Math.max(0, Math.min(frame.rows() - CROP, Math.round((person[1] + person[3]) / 2 - CROP / 2f)));
        RegionPlan plan = new RegionPlan();
        plan.inputSize(model.inputWidth(), model.inputHeight());
        plan.add(cutA - CROP, top, CROP, CROP);
        plan.add(cutB, top, CROP, CROP);

        Detections joined = new Detections();
        new RegionDetection(candidates, model.newSuppressor()).detect(frame, plan, joined);
        assertEquals(1, peopleOver(joined, person), "one person over " + java.util.Arrays.toString(person) + ": " + joined.toList());
        int one = -1;
        for (int i = 0; i < joined.size(); i++) {
            if (joined.classId(i) == PERSON && iou(joined, i, person) > 0.05f) {
                one = i;
            }
        }
        assertTrue(iou(joined, one, person) >= 0.7f, "the joined box covers the person as the whole frame saw them: "
                + joined.get(one) + " vs " + java.util.Arrays.toString(person));

        // Without joining, the same crops mapped to the frame and suppressed leave both pieces: what the join is for.
        Detections pieces = new Detections();
        List<Detections> perCrop = List.of(new Detections(), new Detections());
        List<Mat> crops = List.of(new Mat(frame, new org.bytedeco.opencv.opencv_core.Rect(plan.x(0), plan.y(0), CROP, CROP)),
                new Mat(frame, new org.bytedeco.opencv.opencv_core.Rect(plan.x(1), plan.y(1), CROP, CROP)));
        candidates.detectBatch(crops, perCrop);
        for (int c = 0; c < 2; c++) {
            Detections d = perCrop.get(c);
            for (int i = 0; i < d.size(); i++) {
                pieces.add(d.x1(i) + plan.x(c), d.y1(i) + plan.y(c), d.x2(i) + plan.x(c), d.y2(i) + plan.y(c), d.score(i), d.classId(i));
            }
        }
        Suppressor nms = model.newSuppressor();
        nms.apply(pieces);
        assertEquals(2, peopleOver(pieces, person), "two pieces without the join: " + pieces.toList());
    }

    @Test
    void aFramePlannedWholeIsDetectedAsTheModelDetectsIt() {
        Detections whole = wholeFrame();
        try (Detector plain = model.newDetector()) {
            Detections direct = plain.detect(frame);
            assertEquals(direct.toList(), whole.toList(), "candidates suppressed once by the model's NMS equal the model's own detection");
        }
    }
}
