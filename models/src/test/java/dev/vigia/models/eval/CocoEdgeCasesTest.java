package dev.vigia.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cases the 50-image dev set does not have, each worked out by hand from COCOeval's rules, and
 * each giving a different number if the rule were broken.
 */
class CocoEdgeCasesTest {

    /** One category, the given number of images (ids 1..n). */
    private static Dataset dataset(int images, BoxSet gt, BoxSet dt) {
        long[] ids = new long[images];
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < images; i++) {
            ids[i] = i + 1;
            names.add("image" + (i + 1));
        }
        return new Dataset(ids, names, new long[] {1}, List.of("thing"), gt, dt);
    }

    private static Map<String, Double> stats(Dataset data) {
        return CocoEvaluator.evaluate(data).stats();
    }

    @Test
    void aDetectionInsideACrowdIsNeitherTrueNorFalse() {
        BoxSet gt = new BoxSet();
        gt.add(0, 0, 1, 0, 0, 100, 100, 1, 10_000, false, false);
        gt.add(0, 0, 2, 300, 0, 300, 300, 1, 90_000, true, false);
        BoxSet dt = new BoxSet();
        dt.add(0, 0, 1, 0, 0, 100, 100, 0.9, 10_000, false, false);
        // 50x50 inside the 300x300 crowd: IoU with it as a normal box would be 1/36.
        dt.add(0, 0, 2, 400, 100, 50, 50, 0.8, 2_500, false, false);
        Map<String, Double> s = stats(dataset(1, gt, dt));
        assertEquals(1.0, s.get("AP"), 1e-12, "the crowd detection is ignored, not a false positive");
        assertEquals(1.0, s.get("AR100"), 1e-12, "the crowd is not a ground truth to find");
    }

    @Test
    void areaRangesFollowTheAreaFieldNotTheBox() {
        BoxSet gt = new BoxSet();
        // A 10x10 box whose annotation says area 5000: medium, not small.
        gt.add(0, 0, 1, 10, 10, 10, 10, 1, 5_000, false, false);
        BoxSet dt = new BoxSet();
        dt.add(0, 0, 1, 10, 10, 10, 10, 0.9, 100, false, false);
        Map<String, Double> s = stats(dataset(1, gt, dt));
        assertEquals(-1.0, s.get("APsmall"), "no small ground truth: nothing to score");
        assertEquals(1.0, s.get("APmedium"), 1e-12);
        assertEquals(-1.0, s.get("APlarge"));
        assertEquals(1.0, s.get("AP"), 1e-12);
    }

    @Test
    void onlyTheHundredBestDetectionsOfAnImageCount() {
        BoxSet gt = new BoxSet();
        BoxSet dt = new BoxSet();
        for (int i = 0; i < 101; i++) {
            double x = (i % 10) * 60;
            double y = (i / 10) * 60;
            gt.add(0, 0, i + 1, x, y, 50, 50, 1, 2_500, false, false);
            dt.add(0, 0, i + 1, x, y, 50, 50, 1 - i / 1000.0, 2_500, false, false);
        }
        Map<String, Double> s = stats(dataset(1, gt, dt));
        // Recall reaches 100/101 = 0.990099...: recall points 0.00..0.99 have precision 1, point 1.00 has none.
        assertEquals(100.0 / 101, s.get("AP"), 1e-12);
        assertEquals(100.0 / 101, s.get("AR100"), 1e-12);
        assertEquals(10.0 / 101, s.get("AR10"), 1e-12);
        assertEquals(1.0 / 101, s.get("AR1"), 1e-12);
    }

    @Test
    void tiedScoresKeepTheirFileOrder() {
        BoxSet gt = new BoxSet();
        gt.add(0, 0, 1, 0, 0, 100, 100, 1, 10_000, false, false);
        BoxSet missFirst = new BoxSet();
        missFirst.add(0, 0, 1, 500, 500, 100, 100, 0.5, 10_000, false, false);
        missFirst.add(0, 0, 2, 0, 0, 100, 100, 0.5, 10_000, false, false);
        BoxSet hitFirst = new BoxSet();
        hitFirst.add(0, 0, 1, 0, 0, 100, 100, 0.5, 10_000, false, false);
        hitFirst.add(0, 0, 2, 500, 500, 100, 100, 0.5, 10_000, false, false);
        // Miss then hit: precision 0 then 1/2, envelope 1/2 everywhere. Hit then miss: precision 1 at every recall.
        assertEquals(0.5, stats(dataset(1, gt, missFirst)).get("AP"), 1e-12);
        assertEquals(1.0, stats(dataset(1, gt, hitFirst)).get("AP"), 1e-12);
    }
}
