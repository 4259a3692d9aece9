package dev.vigia.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.zones.Anchor;
import dev.vigia.pipeline.zones.CountingLayout;
import dev.vigia.pipeline.zones.SceneCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Count errors worked out by hand. The line "door" runs from (100, 200) up to (100, 0): walking
 * right is "in". The zone "shop" is the rectangle x 200..300, y 0..200. Every box is 10 x 20 with
 * its bottom centre at (x, 100), so the anchor's x is the x listed. Crossings need 2 observations
 * on the new side, zone entries 3 inside.
 *
 * <pre>
 * ground truth                                   tracker
 * 1 walks right across the door (in, frame 6)    11 the same to frame 6 (in), then an id switch:
 *                                                12 starts at x 96, just behind the door, and crosses
 *                                                   it again (in): one walker counted twice
 * 2 walks left across it (out)                   13 lost at x 110 before the door: no out
 * 3 stands at x 40                               14 the same: nothing
 * 4 walks into the shop (entered, frame 5)       15 the same to frame 5 (entered), then an id switch
 *                                                   inside: 17 is inside 3 frames later (entered again)
 * 5 crosses the door, marked 0 (not considered)  16 a ghost 2 frames in the shop: under the inertia
 * </pre>
 */
class CountAccuracyTest {

    private static final CountingLayout LAYOUT = new CountingLayout(List.of(CountingLayout.parseLine("door=100,200,100,0")),
            List.of(CountingLayout.parseZone("shop=200,0,300,0,300,200,200,200")), Anchor.BOTTOM_CENTER, 2, 3);

    private static void walk(List<MotFile.Row> rows, int id, int firstFrame, double consider, double... xs) {
        for (int i = 0; i < xs.length; i++) {
            rows.add(new MotFile.Row(firstFrame + i, id, xs[i] - 5, 80, 10, 20, consider, -1, 10));
        }
    }

    private static List<MotFile.Row> groundTruth() {
        List<MotFile.Row> gt = new ArrayList<>();
        walk(gt, 1, 1, 1, 40, 60, 80, 95, 105, 120, 140, 160);
        walk(gt, 2, 1, 1, 170, 150, 130, 110, 90, 70);
        walk(gt, 3, 1, 1, 40, 40, 40, 40, 40, 40, 40, 40);
        walk(gt, 4, 1, 1, 170, 185, 205, 215, 225, 235, 245, 255);
        walk(gt, 5, 1, 0, 60, 80, 120, 140);
        return gt;
    }

    private static List<MotFile.Row> tracker() {
        List<MotFile.Row> pred = new ArrayList<>();
        walk(pred, 11, 1, 0.9, 40, 60, 80, 95, 105, 120);
        walk(pred, 12, 7, 0.9, 96, 104, 110);
        walk(pred, 13, 1, 0.9, 170, 150, 130, 110);
        walk(pred, 14, 1, 0.9, 40, 40, 40, 40, 40, 40, 40, 40);
        walk(pred, 15, 1, 0.9, 170, 185, 205, 215, 225);
        walk(pred, 17, 6, 0.9, 235, 245, 255);
        walk(pred, 16, 2, 0.9, 250, 250);
        return pred;
    }

    private static Map<String, CountAccuracy.Count> byKey(CountAccuracy.Report report) {
        return report.counts().stream().collect(Collectors.toMap(c -> c.name() + "/" + c.measure(), Function.identity()));
    }

    @Test
    void anIdSwitchOnTheLineCountsTwiceALostTrackNotAtAllAndASwitchInAZoneEntersTwice() {
        CountAccuracy.Report report = CountAccuracy.compare(groundTruth(), tracker(), LAYOUT, null, "gt", "pred");
        Map<String, CountAccuracy.Count> counts = byKey(report);
        assertEquals(4, counts.size(), counts.toString());

        CountAccuracy.Count in = counts.get("door/in");
        assertEquals(1, in.truth(), "walker 1; walker 5 is marked 0 and not considered");
        assertEquals(2, in.predicted(), "tracks 11 and 12");
        assertEquals(1, in.error());
        assertEquals(1.0, in.relativeError(), 1e-12);

        CountAccuracy.Count out = counts.get("door/out");
        assertEquals(1, out.truth());
        assertEquals(0, out.predicted(), "track 13 ends before the door");
        assertEquals(-1, out.error());
        assertEquals(1, out.absoluteError());

        CountAccuracy.Count entered = counts.get("shop/entered");
        assertEquals(1, entered.truth());
        assertEquals(2, entered.predicted(), "tracks 15 and 17; the ghost 16 is inside only 2 frames");
        CountAccuracy.Count exited = counts.get("shop/exited");
        assertEquals(0, exited.truth(), "walker 4 ends inside");
        assertEquals(0, exited.predicted());
        assertTrue(Double.isNaN(exited.relativeError()), "no true count to be relative to");

        assertEquals(3, report.truth());
        assertEquals(4, report.predicted());
        assertEquals(1, report.error(), "+1 +1 -1: the net error hides two of the three mistakes");
        assertEquals(3, report.absoluteError());
        assertEquals(1.0, report.relativeError(), 1e-12);
    }

    @Test
    void theGroundTruthAgainstItselfHasNoErrorAndALineDrawnTheOtherWaySwapsDirections() {
        CountingLayout reversed = new CountingLayout(List.of(CountingLayout.parseLine("door=100,0,100,200")), List.of(),
                Anchor.BOTTOM_CENTER, 2, 3);
        List<MotFile.Row> considered = groundTruth().stream().filter(r -> r.confidence() != 0).toList();
        CountAccuracy.Report report = CountAccuracy.compare(groundTruth(), considered, reversed, MotBenchmark.MOT15, "gt", "gt");
        Map<String, CountAccuracy.Count> counts = byKey(report);
        assertEquals(1, counts.get("door/in").truth(), "walker 2, going left, now goes in");
        assertEquals(1, counts.get("door/out").truth(), "walker 1");
        assertEquals(0, report.absoluteError());
        assertEquals(0.0, report.relativeError());

        CountAccuracy.Report all = CountAccuracy.compare(groundTruth(), groundTruth(), reversed, MotBenchmark.MOT15, "gt", "gt");
        assertEquals(2, byKey(all).get("door/out").predicted(),
                "as in eval mot, a tracker's rows are all scored: following walker 5 counts his crossing");
    }

    @Test
    void theJsonReportCarriesEachCountAndTheTotal() {
        JsonNode json = CountAccuracy.compare(groundTruth(), tracker(), LAYOUT, null, "gt", "pred").toJson();
        assertEquals(2, json.at("/lines/door/in/pred").asInt(), json.toString());
        assertEquals(-1, json.at("/lines/door/out/error").asInt(), json.toString());
        assertEquals(1, json.at("/zones/shop/entered/abs_error").asInt(), json.toString());
        assertTrue(json.at("/zones/shop/exited/rel_error").isNull(), json.toString());
        assertEquals(3, json.at("/total/abs_error").asInt(), json.toString());
        assertEquals(1.0, json.at("/total/rel_error").asDouble(), 1e-12);
    }

    /**
     * One file counted alone takes every row (walker 5, marked 0, crosses too): door in by walkers 1 and 5, out by 2;
     * walker 4 enters the shop and is its only occupant. Rows without a class are "object"s.
     */
    @Test
    void oneFileCountedAloneGivesItsCountsWithoutTheLiveOccupancy() {
        SceneCounter scene = CountAccuracy.count(groundTruth(), LAYOUT);
        assertEquals("{\"lines\":{\"door\":{\"in\":2,\"out\":1,\"by_class\":{\"object\":{\"in\":2,\"out\":1}}}},"
                + "\"zones\":{\"shop\":{\"entered\":1,\"exited\":0,\"max_occupancy\":1}}}",
                scene.countsJson(MotFile.classNames(LabelMap.of(List.of("person", "car")))).toString());
        assertEquals("car", MotFile.classNames(LabelMap.of(List.of("person", "car"))).apply(1));
        assertEquals("{\"entered\":1,\"exited\":0,\"max_occupancy\":1,\"occupancy\":1,\"occupancy_by_class\":{\"object\":1}}",
                scene.toJson(MotFile.classNames(LabelMap.of(List.of()))).at("/zones/shop").toString(),
                "live, the scene also tells who is inside now: walker 4 in the last frame");
    }
}
