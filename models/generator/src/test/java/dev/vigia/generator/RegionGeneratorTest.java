package dev.vigia.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each convolution is told every attribute's value probabilities over that attribute's rows only. */
class RegionGeneratorTest {

    private static final Attributes ATTRIBUTES = attributes();

    private static Attributes attributes() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("upper", List.of("dark", "red"));
        values.put("lower", List.of("blue", "dark", "white"));
        values.put("motion", List.of("left", "right"));
        return Attributes.of(values);
    }

    @Test
    void theTrousersProbabilitiesFillTheLowerRowsAndTheMotionsFillEveryRow() {
        try (NDManager manager = PyTorchEngine.get().newBaseManager()) {
            RegionGenerator generator = new RegionGenerator(8, 32, ATTRIBUTES, AttributeRegions.of(ATTRIBUTES.names()));
            NDArray features = manager.ones(new Shape(1, 2, 4, 4));
            NDArray probabilities = manager.create(new float[] {0.2f, 0.8f, 0.1f, 0.3f, 0.6f, 0.5f, 0.5f}, new Shape(1, 7));
            NDArray joined = generator.withConditions(features, probabilities, 4);
            assertArrayEquals(new long[] {1, 9, 4, 4}, joined.getShape().getShape());
            assertArrayEquals(new float[] {1, 1, 1, 1}, column(joined, 0), "the features come first, unchanged");
            assertArrayEquals(new float[] {0.8f, 0.8f, 0, 0}, column(joined, 3), "red top: the upper rows");
            assertArrayEquals(new float[] {0, 0, 0.6f, 0.6f}, column(joined, 6), "white trousers: the lower rows");
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, column(joined, 7), "walking left: every row");
        }
    }

    /** Channel {@code channel}'s first column, one value per row. */
    private static float[] column(NDArray maps, int channel) {
        return maps.get("0, " + channel + ", :, 0").toFloatArray();
    }
}
