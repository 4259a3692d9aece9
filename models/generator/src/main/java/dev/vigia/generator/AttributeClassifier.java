package dev.vigia.generator;

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
import java.util.List;

/**
 * The judge: a small convolutional network trained on real crops only, never on generated
 * images, that names a crop's attributes. Its last hidden layer is the feature space the
 * diversity and Fréchet figures are measured in.
 */
final class AttributeClassifier {

    static final int FEATURES = 64;

    private final Attributes attributes;
    private final SequentialBlock features;
    private final SequentialBlock head;
    private final Weights weights;
    private final ParameterStore store;

    AttributeClassifier(NDManager manager, int size, Attributes attributes) {
        this.attributes = attributes;
        this.features = Networks.classifierFeatures(size, FEATURES);
        this.head = Networks.linear(attributes.width());
        features.initialize(manager, DataType.FLOAT32, new Shape(2, 3, size, size));
        head.initialize(manager, DataType.FLOAT32, new Shape(2, FEATURES));
        this.weights = new Weights(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(), features, head);
        this.store = new ParameterStore(manager, false);
    }

    /** One step of learning {@code labels} from {@code images}; returns the loss. */
    float learn(NDManager manager, NDArray images, List<int[]> labels) {
        float value;
        try (GradientCollector collector = PyTorchEngine.get().newGradientCollector()) {
            NDArray hidden = features.forward(store, new NDList(images), true).head();
            NDArray loss = attributes.crossEntropy(manager, head.forward(store, new NDList(hidden), true).head(), labels);
            collector.backward(loss);
            value = loss.getFloat();
        }
        weights.step();
        return value;
    }

    NDArray features(NDArray images) {
        return features.forward(store, new NDList(images), false).head();
    }

    List<int[]> predict(NDArray images) {
        return attributes.predict(head.forward(store, new NDList(features(images)), false).head());
    }

    Weights weights() {
        return weights;
    }
}
