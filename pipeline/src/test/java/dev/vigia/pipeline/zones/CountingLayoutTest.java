package dev.vigia.pipeline.zones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountingLayoutTest {

    @Test
    void parsesLinesAndZonesInTheCountCommandsSyntax() {
        CountingLayout.Line line = CountingLayout.parseLine(" door = 100, 200,100,0");
        assertEquals(new CountingLayout.Line("door", 100, 200, 100, 0), line);
        CountingLayout.Zone zone = CountingLayout.parseZone("yard=0,0,100,0,100,200");
        assertEquals("yard", zone.name());
        assertEquals(3, zone.polygon().size());
        assertTrue(zone.polygon().contains(50, 10));
    }

    @Test
    void eachScenesCountersStartAfresh() {
        CountingLayout layout = new CountingLayout(List.of(CountingLayout.parseLine("door=100,200,100,0")), List.of(),
                Anchor.CENTER, 1, 1);
        SceneCounter first = layout.newScene(new SceneListener() {});
        first.observe(1, 0, 80, 0, 90, 10);
        first.observe(1, 0, 110, 0, 120, 10);
        SceneCounter second = layout.newScene(new SceneListener() {});
        assertEquals(1, first.lines().get(0).in());
        assertEquals(0, second.lines().get(0).in());
    }

    @Test
    void badTextSaysWhatIsWrong() {
        assertEquals("a line is NAME=x1,y1,x2,y2 (4 numbers), got 3",
                assertThrows(IllegalArgumentException.class, () -> CountingLayout.parseLine("a=1,2,3")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CountingLayout.parseLine("a=1,2,1,2")).getMessage()
                .contains("zero length"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CountingLayout.parseLine("1,2,3,4")).getMessage()
                .contains("give it a name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CountingLayout.parseLine("a=1,x,3,4")).getMessage()
                .contains("'x' is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CountingLayout.parseLine("a=1,NaN,3,4")).getMessage()
                .contains("not a finite number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CountingLayout.parseZone("z=0,0,1,1,2")).getMessage()
                .contains("pairs"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new CountingLayout(List.of(), List.of(), Anchor.CENTER, 1, 1)).getMessage().contains("nothing to count"));
    }
}
