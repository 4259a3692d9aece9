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
        // 20 frames a second for 5 s: the busy camera asks for twice the budget.
        for (int frame = 0; frame < 100; frame++) {
            long t = frame * 50_000L;
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
        // Its full bucket of 2, then 0.4 a frame of its own for 99 frames (39.6), and the floors the quiet ones
        // do not use lent to it: 2 x 0.05 a frame from the second frame on (9.9). 51.5 in all.
        DetectionBudget.Share busyShare = report.sources().get(busy);
        assertTrue(busyShare.granted() >= 50 && busyShare.granted() <= 52, busyShare.toString());
        assertTrue(busyShare.lent() >= 9 && busyShare.lent() <= 10, busyShare.toString());
        // The quiet camera's bucket is full (only what overflows it is lent): its first two moving frames are detected at once.
        budget.observe(quiet, 5_000_000L, 0.02, false, true);
        assertTrue(budget.allow(quiet, 5_000_000L));
        budget.observe(quiet, 5_050_000L, 0.02, false, true);
        assertTrue(budget.allow(quiet, 5_050_000L));
        assertFalse(budget.report().sources().get(quiet).shortNow());
    }

    @Test
    void eightCamerasOfWhichTwoMoveSpendTheWholeBudget() {
        AtomicLong clock = new AtomicLong();
        DetectionBudget budget = new DetectionBudget(BudgetConfig.of(8).withFloor(1), () -> 0, clock::get);
        int[] cams = new int[8];
        for (int i = 0; i < cams.length; i++) {
            cams[i] = budget.source("cam" + i);
        }
        // 5 frames a second for 60 s; cameras 0 and 1 move in every frame and ask for each (10 a second
        // together, more than the 8 there are); the other six never move.
        for (int frame = 0; frame < 300; frame++) {
            long t = frame * 200_000L;
            for (int i = 0; i < cams.length; i++) {
                boolean moves = i < 2;
                budget.observe(cams[i], t, moves ? 0.1 : 0, false, true);
                if (moves) {
                    budget.allow(cams[i], t);
                }
            }
        }
        DetectionBudget.Report report = budget.report();
        // Floors: at most half of 8 over 8 cameras = 0.5 each; the two that move share the other 4: 2.5 each.
        assertEquals(2.5, report.sources().get(0).perSecond(), 1e-9);
        assertEquals(0.5, report.sources().get(7).perSecond(), 1e-9);
        long granted = report.sources().stream().mapToLong(DetectionBudget.Share::granted).sum();
        long lent = report.sources().stream().mapToLong(DetectionBudget.Share::lent).sum();
        // Held to their shares they would get 2 x (2 + 2.5 x 59.8) = 303. The six idle floors (3 a second) are lent:
        // 8 a second for 60 s = 480, plus the two full buckets at the start, less what is left in them at the end.
        assertTrue(granted >= 475 && granted <= 484, "the budget is spent: " + granted + " of 480");
        assertTrue(lent >= 175 && lent <= 180, "3 a second lent for 59.8 s: " + lent);
        // Lent by activity, which is the same for both: each gets half, 2.5 + 1.5 = 4 a second, 240 of the 300 it asked for.
        for (int i = 0; i < 2; i++) {
            DetectionBudget.Share share = report.sources().get(i);
            assertTrue(share.granted() >= 236 && share.granted() <= 242, share.toString());
        }
        assertEquals(List.of("cam0", "cam1"), report.shortSources(), "they still asked for more than there is");
    }

    @Test
    void whatQuietSecondsLeftUnspentCarriesTheFirstSecondOfABurst() {
        AtomicLong clock = new AtomicLong();
        DetectionBudget budget = new DetectionBudget(BudgetConfig.of(10).withFloor(1), () -> 0, clock::get);
        int door = budget.source("door");
        int yard = budget.source("yard");
        // 10 s of nothing at 20 frames a second: both buckets full, their floors (1 a second each) overflow and
        // nobody is active to lend to, so they go to the reserve, which holds at most 1 s of the budget: 10.
        int frame = 0;
        for (; frame < 200; frame++) {
            long t = frame * 50_000L;
            budget.observe(door, t, 0, false, true);
            budget.observe(yard, t, 0, false, true);
        }
        // Then the door moves and asks for every frame. Its share is 1 + 8 = 9 a second, 0.45 a frame, and the
        // yard's floor overflow (0.05 a frame) is lent to it: 0.5 a frame. From its full bucket of 2:
        // 2 -1 = 1.05, 1.5 -1 = .55, 1.05 -1 = .05, then .55 every other frame, which the reserve tops up
        // (9 times in the 20 frames of the first second): all 20 are detected. Without the reserve 11 (2 + 20 x 0.5, less
        // what is left in the bucket).
        assertEquals(20, askEveryFrame(budget, door, yard, frame, 20));
        // The next 2 s: 0.5 a frame for 40 frames (20) and the 1 left in the reserve; the rate is the budget's again.
        int grantedAfter = askEveryFrame(budget, door, yard, frame + 20, 40);
        assertTrue(grantedAfter >= 20 && grantedAfter <= 21, "held to about its share again: " + grantedAfter + " of 40");
    }

    @Test
    void motionNoTrackExplainsIsAllowedOnCreditThatTheShareRepays() {
        AtomicLong clock = new AtomicLong();
        DetectionBudget budget = new DetectionBudget(BudgetConfig.of(4), () -> 0, clock::get);
        int cam = budget.source("cam");
        // Alone, moving: floor 1 and the 3 left, share 4 a second; frames every 0.25 s add 1 to the bucket,
        // which starts full at 2. Asking twice a frame empties it: 2 -1 -1 = 0 at the first frame.
        budget.observe(cam, 0, 0.1, false, true);
        assertTrue(budget.allow(cam, 0));
        assertTrue(budget.allow(cam, 0));
        // Empty, nothing in the reserve (nothing ever overflowed): a frame that is no onset is refused, an onset
        // is allowed on credit twice (0 -1 -1 = -2) and then refused too.
        assertFalse(budget.allow(cam, 0, false));
        assertTrue(budget.allow(cam, 0, true));
        assertTrue(budget.allow(cam, 0, true));
        assertFalse(budget.allow(cam, 0, true));
        // The share repays the credit before the source spends again: -2 +1 = -1 at 0.25 s, 0 at 0.5 s, 1 at 0.75 s.
        budget.observe(cam, 250_000L, 0.1, false, true);
        assertFalse(budget.allow(cam, 250_000L, false));
        budget.observe(cam, 500_000L, 0.1, false, true);
        assertFalse(budget.allow(cam, 500_000L, false));
        budget.observe(cam, 750_000L, 0.1, false, true);
        assertTrue(budget.allow(cam, 750_000L, false));
        DetectionBudget.Share share = budget.report().sources().get(cam);
        assertEquals(2, share.onCredit());
        assertEquals(5, share.granted(), "2 from the bucket, 2 on credit, 1 after the credit was repaid: the share's 4 a second over 0.75 s and the bucket");
        assertEquals(2, DetectionBudget.Report.toJson(share).get("on_credit").asLong());
    }

    /** {@code frames} frames from {@code first}, 20 a second: {@code busy} moves and asks for each, {@code still} does not; returns those granted. */
    private static int askEveryFrame(DetectionBudget budget, int busy, int still, int first, int frames) {
        int granted = 0;
        for (int frame = first; frame < first + frames; frame++) {
            long t = frame * 50_000L;
            budget.observe(busy, t, 0.1, false, true);
            granted += budget.allow(busy, t) ? 1 : 0;
            budget.observe(still, t, 0, false, true);
        }
        return granted;
    }

    @Test
    void objectsStandingInAZoneKeepACameraActiveWithoutMotion() {
        AtomicLong clock = new AtomicLong();
        java.util.concurrent.atomic.AtomicInteger inZone = new java.util.concurrent.atomic.AtomicInteger(1);
        DetectionBudget budget = new DetectionBudget(BudgetConfig.of(10), () -> 0, clock::get);
        int street = budget.source("street");
        int door = budget.source("door", inZone::get);
        int yard = budget.source("yard");
        for (int frame = 0; frame < 50; frame++) {
            long t = frame * 100_000L;
            budget.observe(street, t, 0.09, false, true);
            budget.observe(door, t, 0, false, true);
            budget.observe(yard, t, 0, false, true);
        }
        // Floors 1 each, 7 left by activity 0.09 : 0.01 (one object standing in the door's zone) : 0 -> 6.3 and 0.7 on top.
        DetectionBudget.Report report = budget.report();
        assertEquals(7.3, report.sources().get(street).perSecond(), 1e-9);
        assertEquals(1.7, report.sources().get(door).perSecond(), 1e-9);
        assertEquals(1, report.sources().get(yard).perSecond(), 1e-9);
        // The object leaves the zone: after 20 s of nothing the door is down to its floor.
        inZone.set(0);
        for (int frame = 50; frame < 250; frame++) {
            long t = frame * 100_000L;
            budget.observe(street, t, 0.09, false, true);
            budget.observe(door, t, 0, false, true);
        }
        assertEquals(1, budget.report().sources().get(door).perSecond(), 1e-9);
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
