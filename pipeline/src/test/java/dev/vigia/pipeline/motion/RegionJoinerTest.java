package dev.vigia.pipeline.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.models.boxes.Detections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Joining crops' detections, worked by hand: a 300x200 frame, a 100x100 model input, crop A at
 * (0,50) and crop B at (80,50), both 100x100, so A's right edge (x 100) and B's left edge (x 80)
 * lie inside the frame and cut what crosses them.
 */
class RegionJoinerTest {

    private static final int PERSON = 0;
    private static final int CAR = 2;

    private final RegionPlan plan = twoCrops();
    private final Detections a = new Detections();
    private final Detections b = new Detections();
    private final Detections joined = new Detections();

    private static RegionPlan twoCrops() {
        RegionPlan plan = new RegionPlan();
        plan.inputSize(100, 100);
        plan.add(0, 50, 100, 100);
        plan.add(80, 50, 100, 100);
        return plan;
    }

    private Detections join() {
        new RegionJoiner().join(plan, List.of(a, b), 300, 200, joined);
        return joined;
    }

    @Test
    void aPersonCutByBothCropsBordersBecomesOneDetection() {
        // The person spans x 60..130, y 70..130 of the frame. A sees x 60..100 (crop pixels 60..100, cut by its right edge),
        // B sees x 80..130 (crop pixels 0..50, cut by its left edge).
        a.add(60, 20, 100, 80, 0.6f, PERSON);
        b.add(0, 20, 50, 80, 0.8f, PERSON);
        Detections one = join();
        assertEquals(1, one.size());
        assertEquals(List.of(60f, 70f, 130f, 130f, 0.8f), List.of(one.x1(0), one.y1(0), one.x2(0), one.y2(0), one.score(0)));
    }

    @Test
    void aWholeDetectionAbsorbsThePieceAnotherCropCut() {
        // A sees the whole person, x 40..95 (not at its right edge); B sees x 80..95 (crop 0..15), cut by its left edge.
        a.add(40, 20, 95, 80, 0.9f, PERSON);
        b.add(0, 22, 15, 80, 0.4f, PERSON);
        Detections one = join();
        assertEquals(1, one.size());
        assertEquals(List.of(40f, 70f, 95f, 130f, 0.9f), List.of(one.x1(0), one.y1(0), one.x2(0), one.y2(0), one.score(0)));
    }

    @Test
    void detectionsAreMovedToFramePixels() {
        b.add(30, 10, 40, 20, 0.5f, CAR);
        Detections moved = join();
        assertEquals(List.of(110f, 60f, 120f, 70f), List.of(moved.x1(0), moved.y1(0), moved.x2(0), moved.y2(0)));
    }

    @Test
    void piecesThatDoNotLineUpAlongTheCutStaySeparate() {
        // Cut by A's right edge at rows 70..130; B's box (80..130) spans rows 120..180: their rows overlap 10 of 110.
        a.add(60, 20, 100, 80, 0.6f, PERSON);
        b.add(0, 70, 50, 130, 0.8f, PERSON);
        assertEquals(2, join().size());
    }

    @Test
    void piecesOfDifferentClassesStaySeparate() {
        a.add(60, 20, 100, 80, 0.6f, PERSON);
        b.add(0, 20, 50, 80, 0.8f, CAR);
        assertEquals(2, join().size());
    }

    @Test
    void twoPeopleSideBySideAwayFromTheBordersStaySeparate() {
        a.add(20, 20, 50, 80, 0.7f, PERSON);
        b.add(50, 20, 80, 80, 0.7f, PERSON);
        assertEquals(2, join().size());
    }

    @Test
    void theFramesOwnBorderCutsNothing() {
        // Crop A starts at the frame's left border: a box at its left edge is whole there, and B's boxes cannot extend it.
        a.add(0, 20, 30, 80, 0.7f, PERSON);
        b.add(0, 20, 10, 80, 0.7f, PERSON);
        // B's piece is cut by B's left edge (x 80) but A's box ends at x 30, far from meeting it.
        assertEquals(2, join().size());
    }
}
