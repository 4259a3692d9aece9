package dev.vigia.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/**
 * A backward pass that gave NaN gradients (PyTorch's CPU convolution did, at random, on an AMD
 * EPYC) must leave no trace once the gradients are cleared: the step is computed again from them.
 */
class WeightsGradientTest {

    @Test
    void gradientsThatWereNaNAreZeroAfterClearingAndSeenAsNotFinite() {
        try (NDManager manager = PyTorchEngine.get().newBaseManager()) {
            SequentialBlock block = Networks.linear(2);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            Weights weights = new Weights(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build(), block);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray input = manager.create(new float[] {1, Float.NaN, 2}, new Shape(1, 3));
            try (GradientCollector collector = PyTorchEngine.get().newGradientCollector()) {
                collector.backward(block.forward(store, new NDList(input), true).head().sum());
            }
            assertFalse(weights.gradientsFinite(), "a NaN input gives the weights NaN gradients");

            weights.zeroGradients();
            assertTrue(weights.gradientsFinite(), "cleared");
            for (var parameter : weights.parameters()) {
                NDArray gradient = parameter.getArray().getGradient();
                assertArrayEquals(new float[(int) gradient.size()], gradient.toFloatArray(), parameter.getName() + " is all zeros");
            }

            // And the next backward pass counts alone: its gradient, not NaN added to it.
            NDArray ones = manager.ones(new Shape(1, 3));
            try (GradientCollector collector = PyTorchEngine.get().newGradientCollector()) {
                collector.backward(block.forward(store, new NDList(ones), true).head().sum());
            }
            assertTrue(weights.gradientsFinite(), "a finite pass after clearing gives finite gradients");
        }
    }
}
