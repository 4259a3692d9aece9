package dev.vigia.pipeline.zones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Crossings worked out by hand. The line runs from A = (100, 200) up to B = (100, 0), so
 * (B − A) × (P − A) = 200 (Px − 100): left of x = 100 is negative, right is positive, and walking
 * right is "in". Boxes are 10 × 20 with their bottom centre (the anchor) at the point given.
 */
class LineCounterTest {

    private static LineCounter vertical(int minFrames) {
        return new LineCounter("door", 100, 200, 100, 0, minFrames, Anchor.BOTTOM_CENTER, c -> true);
    }

    private static LineCounter.Direction step(LineCounter line, int track, double x, double y) {
        return line.observe(track, 0, x - 5, y - 20, x + 5, y);
    }

    @Test
    void aCrossingCountsOnceTheNewSideHasHeldForMinFrames() {
        LineCounter line = vertical(2);
        assertNull(step(line, 1, 50, 100));
        assertNull(step(line, 1, 80, 100));
        assertNull(step(line, 1, 120, 100), "one observation on the new side is not yet a crossing");
        assertEquals(LineCounter.Direction.IN, step(line, 1, 150, 100));
        assertEquals(1, line.in());
        assertEquals(0, line.out());
    }

    @Test
    void jitterAcrossTheLineCountsNothing() {
        LineCounter line = vertical(2);
        for (double x : new double[] {90, 110, 90, 110, 90, 110, 90}) {
            assertNull(step(line, 1, x, 100));
        }
        assertEquals(0, line.in() + line.out());
    }

    @Test
    void walkingBackAndForthCountsEveryCrossing() {
        LineCounter line = vertical(2);
        for (double x : new double[] {50, 150, 150, 50, 50, 150, 150}) {
            step(line, 7, x, 100);
        }
        assertEquals(2, line.in());
        assertEquals(1, line.out());
    }

    @Test
    void passingBeyondTheEndOfTheSegmentChangesSideWithoutCounting() {
        LineCounter line = new LineCounter("gate", 100, 200, 100, 100, 1, Anchor.BOTTOM_CENTER, c -> true);
        assertNull(step(line, 1, 50, 50));
        assertNull(step(line, 1, 150, 50), "y = 50 passes above B = (100, 100)");
        assertNull(step(line, 1, 150, 150), "still on the right");
        assertEquals(LineCounter.Direction.OUT, step(line, 1, 50, 150), "this move meets the segment at (100, 150)");
        assertEquals(0, line.in());
        assertEquals(1, line.out());
    }

    @Test
    void aPointOnTheLineKeepsThePreviousSide() {
        LineCounter line = vertical(2);
        step(line, 1, 50, 100);
        assertNull(step(line, 1, 100, 100), "on the line: still left");
        assertNull(step(line, 1, 150, 100));
        assertEquals(LineCounter.Direction.IN, step(line, 1, 150, 100));
        // A track whose first observation is on the line takes its first side from the next one.
        assertNull(step(line, 2, 100, 100));
        assertNull(step(line, 2, 150, 100));
        assertNull(step(line, 2, 50, 100));
        assertEquals(LineCounter.Direction.OUT, step(line, 2, 50, 100));
        assertEquals(1, line.in());
        assertEquals(1, line.out());
    }

    @Test
    void tracksAreCountedApartAndByClass() {
        LineCounter line = new LineCounter("road", 100, 200, 100, 0, 1, Anchor.CENTER, c -> c != 5);
        line.observe(1, 0, 40, 90, 60, 110);
        line.observe(2, 2, 140, 90, 160, 110);
        line.observe(3, 5, 40, 90, 60, 110);
        assertEquals(LineCounter.Direction.IN, line.observe(1, 0, 140, 90, 160, 110));
        assertEquals(LineCounter.Direction.OUT, line.observe(2, 2, 40, 90, 60, 110));
        assertNull(line.observe(3, 5, 140, 90, 160, 110), "class 5 is filtered out");
        assertArrayEquals(new long[] {1, 0}, line.byClass().get(0));
        assertArrayEquals(new long[] {0, 1}, line.byClass().get(2));
        assertEquals(2, line.byClass().size());
    }

    @Test
    void aLineOfZeroLengthIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LineCounter("x", 10, 10, 10, 10, 2, Anchor.CENTER, c -> true));
        assertTrue(e.getMessage().contains("zero length"), e.getMessage());
    }
}
