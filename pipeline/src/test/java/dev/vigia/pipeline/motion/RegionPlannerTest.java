package dev.vigia.pipeline.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Region planning on boxes worked by hand (a 100x100 model input unless said otherwise; margins are a quarter of a box's larger side). */
class RegionPlannerTest {

    private static RegionPlan plan(int frameWidth, int frameHeight, int input, float[]... boxes) {
        RegionPlanner planner = new RegionPlanner(input, input);
        for (float[] b : boxes) {
            planner.add(b[0], b[1], b[2], b[3]);
        }
        RegionPlan plan = new RegionPlan();
        planner.plan(frameWidth, frameHeight, plan);
        return plan;
    }

    private static void assertCrop(RegionPlan plan, int i, int x, int y, int w, int h) {
        assertEquals(x + "," + y + " " + w + "x" + h, plan.x(i) + "," + plan.y(i) + " " + plan.width(i) + "x" + plan.height(i), plan.toString());
    }

    @Test
    void aBoxGetsOneCropAtTheInputSizeCentredOnIt() {
        // (100,100)-(120,120): margin 5 -> (95,95)-(125,125), 30 px fits one input; centred at 110 -> 60.
        RegionPlan plan = plan(1000, 500, 100, new float[] {100, 100, 120, 120});
        assertEquals(1, plan.size());
        assertCrop(plan, 0, 60, 60, 100, 100);
        assertEquals(1f, plan.scale(0));
    }

    @Test
    void aBoxLargerThanTheInputGetsTheSmallestMultipleThatHoldsIt() {
        // (100,100)-(140,180): margin 20 -> (80,80)-(160,200), 80x120 -> 2 inputs: 200x200 centred at (120,140) -> (20,40).
        RegionPlan plan = plan(1000, 500, 100, new float[] {100, 100, 140, 180});
        assertCrop(plan, 0, 20, 40, 200, 200);
        assertEquals(2f, plan.scale(0));
    }

    @Test
    void aCropAtTheFramesCornerIsShiftedInside() {
        // (0,0)-(40,40): margin 10 -> clipped (0,0)-(50,50); centred at 25 -> -25, shifted to 0.
        assertCrop(plan(1000, 500, 100, new float[] {0, 0, 40, 40}), 0, 0, 0, 100, 100);
        // At the far corner: (960,460)-(1000,500) -> (950,450)-(1000,500); centred at 975 -> 925, at most 1000 - 100 = 900.
        assertCrop(plan(1000, 500, 100, new float[] {960, 460, 1000, 500}), 0, 900, 400, 100, 100);
    }

    @Test
    void nearbyBoxesShareACropAndDistantOnesGetTheirOwn() {
        // (95,95)-(125,125) and (145,145)-(175,175): together 80x80, one input -> one crop centred at 135 -> 85.
        RegionPlan near = plan(1000, 500, 100, new float[] {100, 100, 120, 120}, new float[] {150, 150, 170, 170});
        assertEquals(1, near.size(), near.toString());
        assertCrop(near, 0, 85, 85, 100, 100);
        // 600 px apart: together they would need 7 inputs, so each keeps its own crop.
        RegionPlan far = plan(1000, 500, 100, new float[] {100, 100, 120, 120}, new float[] {700, 300, 720, 320});
        assertEquals(2, far.size(), far.toString());
        int first = far.x(0) < far.x(1) ? 0 : 1;
        assertCrop(far, first, 60, 60, 100, 100);
        assertCrop(far, 1 - first, 660, 260, 100, 100);
    }

    @Test
    void overlappingBoxesAreOneGroupEvenWhenTheCropMustGrow() {
        // (100,100)-(180,180) -> (80,80)-(200,200) needs 2 inputs; (190,100)-(230,140) -> (180,90)-(240,150) needs 1.
        // They overlap, so one group (80,80)-(240,200), 160x120 -> 2 inputs: 200x200 centred at (160,140) -> (60,40).
        RegionPlan plan = plan(1000, 500, 100, new float[] {100, 100, 180, 180}, new float[] {190, 100, 230, 140});
        assertEquals(1, plan.size(), plan.toString());
        assertCrop(plan, 0, 60, 40, 200, 200);
    }

    @Test
    void noBoxesMeansTheWholeFrame() {
        assertTrue(plan(1000, 500, 100).wholeFrame());
        assertTrue(plan(1000, 500, 100, new float[] {50, 50, 50, 90}).wholeFrame(), "an empty box is no box");
    }

    @Test
    void motionEverywhereFallsBackToTheWholeFrame() {
        // (0,0)-(900,450) -> with its margin the whole 1000x500 frame: the crop would be the frame.
        assertTrue(plan(1000, 500, 100, new float[] {0, 0, 900, 450}).wholeFrame());
    }

    @Test
    void cropsHoldingMorePixelsThanTheFrameFallBackToTheWholeFrame() {
        // A 250x100 frame: three boxes 110 px apart need three 100x100 crops (any two together need 2 inputs),
        // 30000 pixels against the frame's 25000.
        assertTrue(plan(250, 100, 100, new float[] {10, 40, 20, 50}, new float[] {120, 40, 130, 50}, new float[] {230, 40, 240, 50})
                .wholeFrame());
        // Two of them: 20000 pixels, two crops.
        assertEquals(2, plan(250, 100, 100, new float[] {10, 40, 20, 50}, new float[] {230, 40, 240, 50}).size());
    }

    @Test
    void moreThanSixCropsFallBackToTheWholeFrame() {
        float[][] six = new float[6][];
        float[][] seven = new float[7][];
        for (int i = 0; i < 7; i++) {
            float[] box = {10 + 300 * i, 10, 20 + 300 * i, 20};
            seven[i] = box;
            if (i < 6) {
                six[i] = box;
            }
        }
        assertEquals(6, plan(2200, 1000, 100, six).size());
        assertTrue(plan(2200, 1000, 100, seven).wholeFrame());
    }

    @Test
    void aFrameSmallerThanTheInputIsDetectedWhole() {
        assertTrue(plan(80, 60, 100, new float[] {10, 10, 20, 20}).wholeFrame());
    }

    @Test
    void aPersonInAFullHdFrameGetsANativeCropOfNanoDetsInput() {
        // NanoDet takes 416x416. A person (800,300)-(900,700): margin 100 -> (700,200)-(1000,800), 300x600 -> 2 inputs,
        // 832x832 centred at (850,500) -> (434,84).
        RegionPlan plan = plan(1920, 1080, 416, new float[] {800, 300, 900, 700});
        assertCrop(plan, 0, 434, 84, 832, 832);
        // A person 30 px tall: one input at native resolution, where the whole frame would shrink it 4.6 times.
        RegionPlan small = plan(1920, 1080, 416, new float[] {1500, 900, 1512, 930});
        assertCrop(small, 0, 1298, 664, 416, 416);
        assertEquals(1f, small.scale(0));
    }
}
