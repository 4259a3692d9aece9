package dev.vigia.pipeline.motion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Shares and spending of the detection budget, every expected value worked by hand in the comments. */
class DetectionBudgetTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private static double[] allocate(double budget, double floor, double[] caps, double[] activity, boolean... present) {
        double[] shares = new double[caps.length];
        DetectionBudget.allocate(budget, floor, caps, activity, present, shares);
        return shares;
    }

    @Test
    void aBusyCameraTakesWhatTheQuietOnesFloorsLeave() {
        // 10 - 1 - 1 = 8 for the only one that moves.
        assertArrayEquals(new double[] {8, 1, 1}, allocate(10, 1, new double[] {10, 10, 10}, new double[] {0.2, 0, 0}, true, true, true), 1e-9);
    }

    @Test
    void whatIsLeftAfterTheFloorsGoesInProportionToActivity() {
        // Floors 1 each, 7 left: 7 x 0.3/0.4 = 5.25 and 7 x 0.1/0.4 = 1.75 on top.
        assertArrayEquals(new double[] {6.25, 2.75, 1}, allocate(10, 1, new double[] {10, 10, 10}, new double[] {0.3, 0.1, 0}, true, true, true),
                1e-9);
    }

    @Test
    void aCameraAtItsCapLeavesTheRestToTheOthers() {
        // Floors 3, 17 left. Round 1: the first would get 1 + 17 x 0.6 = 11.2 > cap 5: it takes 5, 13 left.
        // Round 2: 13 split 0.2 : 0.2, 6.5 each on top of their floor of 1 = 7.5 (under their caps of 10).
        assertArrayEquals(new double[] {5, 7.5, 7.5}, allocate(20, 1, new double[] {5, 10, 10}, new double[] {0.6, 0.2, 0.2}, true, true, true),
                1e-9);
        // Both capped at 5: the other 20 of the budget stay unused.
        assertArrayEquals(new double[] {5, 5}, allocate(30, 1, new double[] {5, 5}, new double[] {0.1, 0.1}, true, true), 1e-9);
    }

    @Test
    void floorsTakeAtMostHalfTheBudgetAndNeverMoreThanACameraCanUse() {
        // 4 cameras, floor 1, budget 2: half of 2 split four ways = 0.25 each; nobody moves, the rest is unused.
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, allocate(2, 1, new double[] {INF, INF, INF, INF}, new double[4],
                true, true, true, true), 1e-9);
        // A camera that can use 0.5 a second gets 0.5 as its floor; the other 1 + (10 - 1.5) = 9.5.
        assertArrayEquals(new double[] {0.5, 9.5}, allocate(10, 1, new double[] {0.5, 10}, new double[] {0, 0.1}, true, true), 1e-9);
    }

    @Test
    void anAbsentCameraGetsNothingAndAnUnlimitedBudgetGivesEveryCameraItsCap() {
        // The middle one is absent: 10 - 1 (the quiet one's floor) = 9 for the first.
        assertArrayEquals(new double[] {9, 0, 1}, allocate(10, 1, new double[] {10, 10, 10}, new double[] {0.1, 0.5, 0}, true, false, true), 1e-9);
        assertArrayEquals(new double[] {5, 0, 2}, allocate(INF, 1, new double[] {5, 10, 2}, new double[] {0.1, 0.5, 0}, true, false, true), 1e-9);
    }

    @Test
    void aShareOf3ASecondAtFourFramesASecondRefusesEveryFourthFrameOnceTheBucketIsSpent() {
        AtomicLong clock = new AtomicLong();
        DetectionBudget budget = new DetectionBudget(BudgetConfig.of(3), () -> 0, clock::get);
        int cam = budget.source("cam");
        // One camera that moves: floor 1, 2 left, share 3 a second. Frames every 0.25 s add 0.75 to a bucket
        // that starts full at 2 and pays 1 a detection: 2-1=1, 1.75-1=.75, 1.5-1=.5, 1.25-1=.25, 1-1=0, .75 refused,
        // 1.5-1=.5, 1.25-1=.25, 1-1=0, .75 refused.
        List<Boolean> allowed = new ArrayList<>();
        for (int frame = 0; frame < 10; frame++) {
            budget.observe(cam, frame * 250_000L, 0.1, false, true);
            allowed.add(budget.allow(cam, frame * 250_000L));
        }
        assertEquals(List.of(true, true, true, true, true, false, true, true, true, false), allowed);
        DetectionBudget.Share share = budget.report().sources().get(0);
        assertEquals(3, share.perSecond(), 1e-9);
        assertEquals(1, share.fraction(), 1e-9);
        assertEquals(4, share.capPerSecond(), 1e-9, "its detection rate allows a frame every 0.25 s");
        assertEquals(10, share.asked());
        assertEquals(8, share.granted());
        assertEquals(2, share.refused());
        assertTrue(share.shortNow());
        assertEquals(List.of("cam"), budget.report().shortSources());
        assertTrue(budget.report().summaryLines().get(1).contains("cam got 8 of the 10 detections it asked for (share 3.0/s)"),
                budget.report().summaryLines().toString());
    }

    @Test
    void aQuietCameraKeepsItsFloorBesideABusyOneAndIsDetectedAtOnceWhenItMoves() {
        AtomicLong clock = new AtomicLong();
        DetectionBudget budget = new DetectionBudget(BudgetConfig.of(10), () -> 0, clock::get);
        int busy = budget.source("busy");
        int quiet = budget.source("quiet");
        int still = budget.source("still");
        for (int frame = 0; frame < 50; frame++) {
            long t = frame * 100_000L;
            budget.observe(busy, t, 0.2, false, true);
            budget.allow(busy, t);
            budget.observe(quiet, t, 0, false, true);
            budget.observe(still, t, 0, false, true);
        }
        DetectionBudget.Report report = budget.report();
        // 10 - 1 - 1 = 8 for the busy one; the quiet ones keep their floor of 1 and have asked for nothing.
        assertEquals(8, report.sources().get(busy).perSecond(), 1e-9);
        assertEquals(1, report.sources().get(quiet).perSecond(), 1e-9);
        assertEquals(1, report.sources().get(still).perSecond(), 1e-9);
        assertEquals(List.of("busy"), report.shortSources());
        // 5 s at 8 a second from a full bucket of 2: at most 42 of the 50 frames.
        assertTrue(report.sources().get(busy).granted() <= 42 && report.sources().get(busy).granted() >= 40, report.toString());
        // The quiet camera's bucket is full: its first two moving frames are detected at once.
        budget.observe(quiet, 5_000_000L, 0.02, false, true);
        assertTrue(budget.allow(quiet, 5_000_000L));
        budget.observe(quiet, 5_100_000L, 0.02, false, true);
        assertTrue(budget.allow(quiet, 5_100_000L));
        assertFalse(budget.report().sources().get(quiet).shortNow());
    }

    @Test
    void anAutoBudgetIsMeasuredFromTheDetectorOnceEnoughDetectionsRan() {
        AtomicLong clock = new AtomicLong();
        DetectionBudget budget = new DetectionBudget(BudgetConfig.auto(), () -> 20, clock::get);
        int cam = budget.source("cam");
        for (int frame = 0; frame < 10; frame++) {
            budget.observe(cam, frame * 100_000L, 0.1, false, true);
            assertTrue(budget.allow(cam, frame * 100_000L), "unlimited until measured");
        }
        assertTrue(Double.isNaN(budget.report().perSecond()));
        assertTrue(budget.report().summaryLines().get(0).contains("unlimited (auto, not measured yet)"), budget.report().summaryLines().get(0));
        clock.set(2_000_000_000L);
        budget.observe(cam, 1_000_000L, 0.1, false, true);
        // 80 % of the detector's 20 frames a second.
        assertEquals(16, budget.report().perSecond(), 1e-9);
        assertEquals(20, budget.report().detectorPerSecond(), 1e-9);
    }

    @Test
    void badSettingsAreOneLineNamingTheKeyAndTheValue() {
        assertEquals("detect_budget must be auto or 0.1..10000 detections a second, got -3",
                assertThrows(InvalidSettingException.class, () -> BudgetConfig.of(-3)).getMessage());
        assertEquals("detect_budget must be auto or 0.1..10000 detections a second, got 'lots'",
                assertThrows(InvalidSettingException.class, () -> BudgetConfig.parse("lots")).getMessage());
        assertEquals("detect_budget_floor must be 0..60 detections a second, got 100",
                assertThrows(InvalidSettingException.class, () -> BudgetConfig.auto().withFloor(100)).getMessage());
        assertTrue(BudgetConfig.parse("auto").isAuto());
        assertEquals(12.5, BudgetConfig.parse("12.5").perSecond());
    }
}
