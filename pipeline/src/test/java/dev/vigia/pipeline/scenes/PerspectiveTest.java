package dev.vigia.pipeline.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PerspectiveTest {

    @Test
    void aLineThroughPeopleAtTwoDistances() {
        // Feet on row 100: 45 px tall; on row 300: 95 px. By hand: slope 50/200 = 0.25, intercept 45 - 25 = 20.
        Perspective p = Perspective.fit(new double[] {100, 300, 100, 300}, new double[] {44, 94, 46, 96}, 4);
        assertEquals(0.25, p.slope(), 1e-12);
        assertEquals(20, p.intercept(), 1e-12);
        assertEquals(70, p.heightAt(200), 1e-12);
        assertEquals(100, p.farthestFootY());
        assertEquals(300, p.nearestFootY());
        assertEquals(Perspective.MIN_HEIGHT, p.heightAt(-500));
    }

    @Test
    void oneDistanceIsNotEnough() {
        assertThrows(IllegalArgumentException.class, () -> Perspective.fit(new double[] {100, 100}, new double[] {40, 50}, 2));
    }
}
