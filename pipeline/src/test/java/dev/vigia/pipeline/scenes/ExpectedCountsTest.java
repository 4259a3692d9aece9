package dev.vigia.pipeline.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Worked by hand: the line runs from (160, 0) down to (160, 240), so (B − A) × (P − A) = −240·(x − 160)
 * is positive left of it; walking right goes from positive to negative, "out". The zone is the
 * rectangle x 0..120 over the whole height.
 */
class ExpectedCountsTest {

    private static SceneScript script() {
        return new SceneScript("t", "t", 4, 10, 320, 240, List.of(), null, new double[0], new double[0], 0, 23,
                new double[] {160, 0, 160, 240}, new double[] {0, 0, 120, 0, 120, 240, 0, 240});
    }

    /** A 20 x 40 box whose feet (bottom centre) are at (x, 200). */
    private static GroundTruthRow at(int frame, int id, int x) {
        return new GroundTruthRow(frame, id, x - 10, 160, 20, 40, 1);
    }

    @Test
    void onePersonWalksRightOutOfTheZoneAndOverTheLineAnotherComesBackLeft() {
        // Id 1: x 100 (in the zone), 140, 200 (over the line), 260. Id 2: x 260, 100 (over the line and into the zone in one step).
        ObjectNode counts = ExpectedCounts.of(script(), List.of(at(1, 1, 100), at(1, 2, 260), at(2, 1, 140), at(2, 2, 100),
                at(3, 1, 200), at(4, 1, 260)));
        assertEquals("walkway=160,0,160,240", counts.at("/lines/walkway/option").asText());
        assertEquals(1, counts.at("/lines/walkway/out").asInt());
        assertEquals(1, counts.at("/lines/walkway/in").asInt());
        // In frame order: id 2 comes back over the line at frame 2, id 1 walks out over it at frame 3.
        assertEquals(2, counts.at("/lines/walkway/crossings/0/frame").asInt());
        assertEquals(2, counts.at("/lines/walkway/crossings/0/id").asInt());
        assertEquals("in", counts.at("/lines/walkway/crossings/0/direction").asText());
        assertEquals(3, counts.at("/lines/walkway/crossings/1/frame").asInt());
        assertEquals(1, counts.at("/lines/walkway/crossings/1/id").asInt());
        assertEquals("out", counts.at("/lines/walkway/crossings/1/direction").asText());
        assertEquals("corner=0,0,120,0,120,240,0,240", counts.at("/zones/corner/option").asText());
        assertEquals(2, counts.at("/zones/corner/entered").asInt());
        assertEquals(1, counts.at("/zones/corner/exited").asInt());
    }
}
