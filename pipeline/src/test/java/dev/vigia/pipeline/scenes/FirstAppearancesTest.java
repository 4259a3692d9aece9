package dev.vigia.pipeline.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirstAppearancesTest {

    private static GroundTruthRow row(int frame, int id, double visibility) {
        return new GroundTruthRow(frame, id, 0, 0, 10, 20, visibility);
    }

    @Test
    void aStayEndsAtAFrameWithoutTheObjectAndIsSeenOnceHalfOfItIsInSight() {
        List<GroundTruthRow> rows = List.of(
                row(2, 7, 0.1), row(3, 7, 0.4), row(4, 7, 0.5), row(5, 7, 1.0), // steps in at 2, half in sight at 4
                row(3, 2, 0.2), row(4, 2, 0.3), // a sliver at the edge, never seen
                row(9, 7, 0.9), row(10, 7, 0.2)); // back after frames 6-8 without it
        assertEquals(List.of(
                new FirstAppearances.Appearance(7, 2, 4, 5),
                new FirstAppearances.Appearance(2, 3, 0, 4),
                new FirstAppearances.Appearance(7, 9, 9, 10)), FirstAppearances.of(rows));
    }

    @Test
    void timesCountFromTheFirstFrameAtZero() {
        var json = FirstAppearances.toJson(List.of(new FirstAppearances.Appearance(7, 21, 26, 40),
                new FirstAppearances.Appearance(2, 3, 0, 4)), 10);
        assertEquals(2.0, json.get(0).get("first_time").asDouble());
        assertEquals(2.5, json.get(0).get("seen_time").asDouble());
        assertEquals(3.9, json.get(0).get("last_time").asDouble());
        assertEquals(true, json.get(1).get("seen_time").isNull());
    }
}
