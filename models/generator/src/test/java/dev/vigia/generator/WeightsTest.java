package dev.vigia.generator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** A network's weights are finite until one of them is NaN or infinite: what the training's divergence guard checks. */
class WeightsTest {

    @Test
    void oneParameterThatIsNotANumberMakesTheWeightsNotFinite() {
        try (NDManager manager = PyTorchEngine.get().newBaseManager()) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                SequentialBlock first = Networks.linear(4);
                SequentialBlock second = Networks.linear(2);
                first.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
                second.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
                Weights weights = new Weights(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(), first, second);
                assertTrue(weights.finite(), "freshly initialised");
                NDArray last = weights.parameters().get(weights.parameters().size() - 1).getArray();
                float[] values = last.toFloatArray();
                values[values.length - 1] = bad;
                last.set(values);
                assertFalse(weights.finite(), "the second block's last parameter is " + bad);
            }
        }
    }
}
