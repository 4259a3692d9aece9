package dev.vigia.generator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a training run does when the GAN diverges: its weights turn NaN, it loads the last
 * checkpoint, and the steps from there must compute with the checkpoint's weights again.
 */
class ConditionalGanTest {

    private static final int SIZE = 16;
    private static final int TEXT = 8;
    private static final int BATCH = 8;

    @TempDir
    Path dir;

    @Test
    void afterTheWeightsTurnNaNACheckpointLoadedTrainsAndDrawsWithTheCheckpointsWeights() throws Exception {
        try (NDManager manager = PyTorchEngine.get().newBaseManager()) {
            Attributes attributes = Attributes.of(Map.of("upper", List.of("blue", "red")));
            ConditionalGan gan = new ConditionalGan(manager, SIZE, TEXT, attributes);
            Random random = new Random(5);
            assertTrue(step(manager, gan, random).finite(), "a step from fresh weights");
            Path generator = dir.resolve("generator.params");
            Path discriminator = dir.resolve("discriminator.params");
            Path average = dir.resolve("average.params");
            gan.generatorWeights.save(generator);
            gan.discriminatorWeights.save(discriminator);
            gan.averageWeights.save(average);

            gan.generatorWeights.parameters().get(0).getArray().muli(Float.NaN);
            gan.averageWeights.parameters().get(0).getArray().muli(Float.NaN);
            assertFalse(step(manager, gan, random).finite(), "NaN weights give NaN losses");
            assertTrue(hasNaN(draw(manager, gan)), "and NaN images");

            gan.load(manager, generator, discriminator, average);
            for (int i = 0; i < 3; i++) {
                GeneratorLosses losses = step(manager, gan, random);
                assertTrue(losses.finite() && gan.finite(), "step " + i + " after the checkpoint: " + losses);
            }
            assertFalse(hasNaN(draw(manager, gan)), "the averaged generator draws from the checkpoint's weights");
        }
    }

    private static GeneratorLosses step(NDManager manager, ConditionalGan gan, Random random) {
        try (NDManager step = manager.newSubManager()) {
            List<int[]> labels = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                labels.add(new int[] {i % 2});
            }
            NDArray real = step.randomUniform(-1, 1, new Shape(BATCH, 3, SIZE, SIZE));
            NDArray text = step.randomNormal(new Shape(BATCH, TEXT));
            NDArray wrongText = step.randomNormal(new Shape(BATCH, TEXT));
            return gan.step(step, real, text, wrongText, labels, GeneratorModel.noise(step, BATCH, random.nextLong()));
        }
    }

    private static NDArray draw(NDManager manager, ConditionalGan gan) {
        return gan.generate(GeneratorModel.noise(manager, 2, 1), manager.randomNormal(new Shape(2, TEXT)));
    }

    private static boolean hasNaN(NDArray images) {
        return images.isNaN().any().getBoolean();
    }
}
