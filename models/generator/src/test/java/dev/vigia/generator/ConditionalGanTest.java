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
 * checkpoint, and the steps from there must compute with the checkpoint's weights again. And
 * what the discriminator's auxiliary classifier may look at.
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

    /**
     * The discriminator names attributes from the image alone. Here the images are fresh noise
     * each step and only the captions carry the labels: a head that saw the caption learnt to
     * read them off it (its loss fell towards 0), which gave the generator no reason to draw them.
     */
    @Test
    void theDiscriminatorCannotNameAttributesFromTheCaption() {
        try (NDManager manager = PyTorchEngine.get().newBaseManager()) {
            ConditionalGan gan = new ConditionalGan(manager, SIZE, TEXT, Attributes.of(Map.of("upper", List.of("blue", "red"))));
            Random random = new Random(6);
            double late = 0;
            int steps = 80;
            int averaged = 20;
            for (int i = 0; i < steps; i++) {
                try (NDManager step = manager.newSubManager()) {
                    List<int[]> labels = new ArrayList<>();
                    float[] naming = new float[BATCH * TEXT];
                    for (int b = 0; b < BATCH; b++) {
                        int label = random.nextInt(2);
                        labels.add(new int[] {label});
                        naming[b * TEXT + label] = 3;
                    }
                    NDArray real = step.randomUniform(-1, 1, new Shape(BATCH, 3, SIZE, SIZE));
                    NDArray text = step.create(naming, new Shape(BATCH, TEXT));
                    NDArray wrongText = step.randomNormal(new Shape(BATCH, TEXT));
                    GeneratorLosses losses = gan.step(step, real, text, wrongText, labels, GeneratorModel.noise(step, BATCH, random.nextLong()));
                    if (i >= steps - averaged) {
                        late += losses.attributes() / averaged;
                    }
                }
            }
            assertTrue(late > 0.6, "the attribute loss stays near chance (ln 2 = 0.69) on images that show nothing: " + late);
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
