package dev.vigia.models.detect;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.nms.GreedyNms;
import dev.vigia.models.nms.Suppressor;
import java.util.ArrayList;
import java.util.List;

/**
 * NanoDet's Generalized Focal Loss head. Per stride, each grid point has a score per class
 * (already sigmoid) and, for each box side, a distribution over {@code regMax + 1} distance
 * bins; the side's distance is the softmax-weighted mean bin times the stride, measured from
 * the point's centre. Candidates of every class above the threshold go through class-aware
 * greedy NMS.
 */
public final class NanoDetDecoder implements OutputDecoder {

    /** Settings from the catalog's {@code head} of a nanodet model. */
    public record Head(List<String> scores, List<String> boxes, int[] strides, int regMax, float nmsIou, int maxDetections) {}

    private final Head head;
    private final int inputWidth;
    private final int numClasses;
    private final GreedyNms suppressor;
    private final float[] sideDistances = new float[4];
    private final float[] binWeights;

    public NanoDetDecoder(Head head, int inputWidth, int numClasses) {
        if (head.scores().size() != head.strides().length || head.boxes().size() != head.strides().length) {
            throw new UserError("NanoDet head needs one scores and one boxes output per stride; got "
                    + head.scores().size() + " scores, " + head.boxes().size() + " boxes, " + head.strides().length + " strides");
        }
        this.head = head;
        this.inputWidth = inputWidth;
        this.numClasses = numClasses;
        this.suppressor = new GreedyNms(head.nmsIou(), true, head.maxDetections());
        this.binWeights = new float[head.regMax() + 1];
    }

    @Override
    public List<String> outputNames() {
        List<String> names = new ArrayList<>(head.scores());
        names.addAll(head.boxes());
        return names;
    }

    @Override
    public void decode(float[][] outputs, FrameTransform transform, float scoreThreshold, Detections into) {
        int levels = head.strides().length;
        int bins = head.regMax() + 1;
        for (int level = 0; level < levels; level++) {
            float[] scores = outputs[level];
            float[] distributions = outputs[levels + level];
            int stride = head.strides()[level];
            int gridWidth = (inputWidth + stride - 1) / stride;
            int points = scores.length / numClasses;
            if (distributions.length != points * 4 * bins) {
                throw new IllegalStateException("NanoDet output for stride " + stride + " has " + distributions.length
                        + " box values, expected " + points * 4 * bins);
            }
            for (int p = 0; p < points; p++) {
                boolean distancesReady = false;
                float centerX = (p % gridWidth + 0.5f) * stride;
                float centerY = (p / gridWidth + 0.5f) * stride;
                int scoreOffset = p * numClasses;
                for (int c = 0; c < numClasses; c++) {
                    float score = scores[scoreOffset + c];
                    if (score <= scoreThreshold) {
                        continue;
                    }
                    if (!distancesReady) {
                        sideDistances(distributions, p * 4 * bins, bins, stride);
                        distancesReady = true;
                    }
                    into.add(
                            transform.toSourceX(centerX - sideDistances[0]),
                            transform.toSourceY(centerY - sideDistances[1]),
                            transform.toSourceX(centerX + sideDistances[2]),
                            transform.toSourceY(centerY + sideDistances[3]),
                            score, c);
                }
            }
        }
    }

    /** Expected distance of each side (left, top, right, bottom) in input pixels. */
    private void sideDistances(float[] distributions, int offset, int bins, int stride) {
        for (int side = 0; side < 4; side++) {
            Activations.softmax(distributions, offset + side * bins, bins, binWeights);
            float expected = 0;
            for (int b = 0; b < bins; b++) {
                expected += b * binWeights[b];
            }
            sideDistances[side] = expected * stride;
        }
    }

    /** Class-aware greedy NMS at the head's {@code nms_iou}, capped at {@code max_detections}. */
    @Override
    public Suppressor defaultSuppressor() {
        return suppressor;
    }
}
