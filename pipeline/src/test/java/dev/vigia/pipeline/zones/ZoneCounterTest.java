package dev.vigia.pipeline.zones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Zone states worked out by hand on the square (0, 0)–(100, 100), centre anchors, inertia 2. */
class ZoneCounterTest {

    private static final Polygon SQUARE = Polygon.of(new double[][] {{0, 0}, {100, 0}, {100, 100}, {0, 100}});

    private static ZoneCounter.Change at(ZoneCounter zone, int track, int classId, double x, double y, double time) {
        return zone.observe(track, classId, x - 1, y - 1, x + 1, y + 1, time);
    }

    @Test
    void enteringAndLeavingTakeInertiaObservations() {
        ZoneCounter zone = new ZoneCounter("yard", SQUARE, Anchor.CENTER, 2, 0, c -> true);
        assertNull(at(zone, 1, 0, 150, 50, 0));
        assertNull(at(zone, 1, 0, 50, 50, 1));
        assertEquals(ZoneCounter.Change.ENTERED, at(zone, 1, 0, 50, 50, 2));
        assertNull(at(zone, 1, 0, 150, 50, 3), "one observation outside is not leaving");
        assertNull(at(zone, 1, 0, 50, 50, 4));
        assertNull(at(zone, 1, 0, 150, 50, 5));
        assertEquals(ZoneCounter.Change.EXITED, at(zone, 1, 0, 150, 50, 6));
        assertEquals(1, zone.entered());
        assertEquals(1, zone.exited());
    }

    @Test
    void occupancyCountsTracksObservedInsideInAFrame() {
        ZoneCounter zone = new ZoneCounter("yard", SQUARE, Anchor.CENTER, 1, 0, c -> true);
        zone.beginFrame();
        at(zone, 1, 0, 10, 10, 0);
        at(zone, 2, 2, 20, 20, 0);
        at(zone, 3, 0, 200, 20, 0);
        zone.endFrame();
        assertEquals(2, zone.occupancy());
        assertEquals(Map.of(0, 1, 2, 1), zone.occupancyByClass());
        zone.beginFrame();
        at(zone, 1, 0, 10, 10, 1);
        zone.endFrame();
        assertEquals(1, zone.occupancy(), "track 2 was not observed in this frame");
        assertEquals(2, zone.maxOccupancy());
        assertTrue(zone.inside(2), "but its state is still inside: it has not left");
        assertEquals(0, zone.exited());
    }

    @Test
    void loiteringIsReportedOncePerStay() {
        ZoneCounter zone = new ZoneCounter("door", SQUARE, Anchor.CENTER, 1, 5, c -> true);
        assertEquals(ZoneCounter.Change.ENTERED, at(zone, 1, 0, 50, 50, 10));
        assertNull(at(zone, 1, 0, 50, 50, 14.9));
        assertEquals(ZoneCounter.Change.LOITERING, at(zone, 1, 0, 50, 50, 15));
        assertNull(at(zone, 1, 0, 50, 50, 30));
        assertEquals(ZoneCounter.Change.EXITED, at(zone, 1, 0, 500, 50, 31));
        assertEquals(ZoneCounter.Change.ENTERED, at(zone, 1, 0, 50, 50, 32));
        assertEquals(ZoneCounter.Change.LOITERING, at(zone, 1, 0, 50, 50, 37));
    }

    @Test
    void otherClassesAreIgnored() {
        ZoneCounter zone = new ZoneCounter("cars", SQUARE, Anchor.CENTER, 1, 0, c -> c == 2);
        assertNull(at(zone, 1, 0, 50, 50, 0));
        assertFalse(zone.inside(1));
        assertEquals(ZoneCounter.Change.ENTERED, at(zone, 2, 2, 50, 50, 0));
    }
}
