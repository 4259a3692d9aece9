package dev.vigia.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The top's colour is drawn from the upper rows, the trousers' from the lower rows, anything else from every row. */
class AttributeRegionsTest {

    @Test
    void upperAndLowerSplitTheRowsAndOtherAttributesCoverThemAll() {
        AttributeRegions regions = AttributeRegions.of(List.of("motion", "upper", "lower"));
        assertArrayEquals(new float[] {1, 1, 1, 1}, regions.rowMask(0, 4));
        assertArrayEquals(new float[] {1, 1, 0, 0}, regions.rowMask(1, 4));
        assertArrayEquals(new float[] {0, 0, 1, 1}, regions.rowMask(2, 4));
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0, 0, 0}, regions.rowMask(1, 8));
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1}, regions.rowMask(2, 8));
    }
}
