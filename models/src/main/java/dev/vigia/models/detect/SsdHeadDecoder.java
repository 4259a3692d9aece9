package dev.vigia.models.detect;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.nms.GreedyNms;
import dev.vigia.models.nms.Suppressor;
import java.util.List;

/**
 * Raw SSD heads: per prior box, four encodings (ty, tx, th, tw, scaled by 10, 10, 5, 5 as in the
 * TF Object Detection API's box coder) and one logit per class with background first. Priors
 * come from {@link SsdPriors}; scores are the sigmoid (or softmax) of each class's logit.
 */
public final class SsdHeadDecoder implements OutputDecoder {

    private static final float CENTRE_SCALE = 10f;
    private static final float SIZE_SCALE = 5f;

    /**
     * Settings from the model's {@code head}: output names, prior generation ({@link SsdPriors}),
     * scoring, NMS. {@code interpolatedBoxIndex} null means after the aspect-ratio boxes.
     */
    public record Head(String boxes, String classes, String scoreFunction, int[] featureMaps, float minScale,
            float maxScale, float[] aspectRatios, boolean reduceLowestLayer, Integer interpolatedBoxIndex,
            float nmsIou, int maxDetections) {}

    private final Head head;
    private final SsdPriors priors;
    private final int inputWidth;
    private final int inputHeight;
    private final int numClasses;
    private final GreedyNms suppressor;
    private float[] probabilities = new float[0];

    public SsdHeadDecoder(Head head, int inputWidth, int inputHeight, int numClasses) {
        if (!List.of("sigmoid", "softmax").contains(head.scoreFunction())) {
            throw new UserError("SSD head score_function '" + head.scoreFunction() + "' is not sigmoid or softmax");
        }
        this.head = head;
        this.priors = SsdPriors.generate(head.featureMaps(), head.minScale(), head.maxScale(), head.aspectRatios(),
                head.reduceLowestLayer(), head.interpolatedBoxIndex() == null ? Integer.MAX_VALUE : head.interpolatedBoxIndex());
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.numClasses = numClasses;
        this.suppressor = new GreedyNms(head.nmsIou(), true, head.maxDetections());
    }

    public SsdPriors priors() {
        return priors;
    }

    @Override
    public List<String> outputNames() {
        return List.of(head.boxes(), head.classes());
    }

    @Override
    public void decode(float[][] outputs, FrameTransform transform, float scoreThreshold, Detections into) {
        float[] encodings = outputs[0];
        float[] logits = outputs[1];
        int count = priors.count();
        if (encodings.length != count * 4 || logits.length % count != 0 || logits.length / count < numClasses + 1) {
            throw new IllegalStateException("SSD outputs of " + encodings.length + " and " + logits.length
                    + " values do not fit " + count + " priors and " + numClasses + " classes plus background");
        }
        int perPrior = logits.length / count;
        boolean softmax = head.scoreFunction().equals("softmax");
        if (probabilities.length < perPrior) {
            probabilities = new float[perPrior];
        }
        for (int i = 0; i < count; i++) {
            int base = i * perPrior;
            if (softmax) {
                Activations.softmax(logits, base, perPrior, probabilities);
            }
            for (int c = 0; c < numClasses; c++) {
                float score = softmax ? probabilities[1 + c] : Activations.sigmoid(logits[base + 1 + c]);
                if (score <= scoreThreshold) {
                    continue;
                }
                float cy = encodings[4 * i] / CENTRE_SCALE * priors.height(i) + priors.centreY(i);
                float cx = encodings[4 * i + 1] / CENTRE_SCALE * priors.width(i) + priors.centreX(i);
                float h = (float) Math.exp(encodings[4 * i + 2] / SIZE_SCALE) * priors.height(i);
                float w = (float) Math.exp(encodings[4 * i + 3] / SIZE_SCALE) * priors.width(i);
                into.add(transform.toSourceX((cx - w / 2) * inputWidth), transform.toSourceY((cy - h / 2) * inputHeight),
                        transform.toSourceX((cx + w / 2) * inputWidth), transform.toSourceY((cy + h / 2) * inputHeight),
                        score, c);
            }
        }
    }

    /** Class-aware greedy NMS at the head's {@code nms_iou}, capped at {@code max_detections}. */
    @Override
    public Suppressor defaultSuppressor() {
        return suppressor;
    }
}
