package dev.vigia.models.detect;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.nms.GreedyNms;
import dev.vigia.models.nms.Suppressor;
import java.util.List;

/**
 * Darknet-style anchor heads: YOLOv2 {@code [region]}, YOLOv3/v4 {@code [yolo]} and Tiny-YOLOv2
 * face heads. Each output is one grid {@code [1, H, W, A * (5 + C)]} of raw values per anchor:
 * tx, ty, tw, th, objectness, then C class values. Centre = (cell + sigmoid(t)) / grid,
 * size = exp(t) x anchor; score = sigmoid(objectness) x class probability (sigmoid for v3/v4,
 * softmax for v2, none for single-class heads). Class-aware greedy NMS at the end.
 *
 * @see Head
 */
public final class YoloAnchorDecoder implements OutputDecoder {

    /**
     * Settings from the model's {@code head}.
     *
     * @param outputs one output tensor per grid scale
     * @param anchors per output, width/height pairs
     * @param anchorUnits {@code pixels} of the network input (v3/v4) or {@code grid} cells (v2)
     * @param classScores {@code sigmoid}, {@code softmax} or {@code none} (objectness is the score)
     * @param scaleXy YOLOv4's centre scaling ({@code scale_x_y}); 1 when not given
     */
    public record Head(List<String> outputs, float[][] anchors, String anchorUnits, String classScores,
            float scaleXy, float nmsIou, int maxDetections) {}

    private final Head head;
    private final int inputWidth;
    private final int inputHeight;
    private final int numClasses;
    private final boolean gridAnchors;
    private final GreedyNms suppressor;
    private final float[] classProbabilities;

    public YoloAnchorDecoder(Head head, int inputWidth, int inputHeight, int numClasses) {
        if (head.outputs() == null || head.anchors() == null || head.outputs().size() != head.anchors().length) {
            throw new UserError("A YOLO anchor head needs one 'anchors' list per entry of 'outputs'");
        }
        if (!List.of("sigmoid", "softmax", "none").contains(head.classScores())) {
            throw new UserError("YOLO head class_scores '" + head.classScores() + "' is not sigmoid, softmax or none");
        }
        if (!List.of("pixels", "grid").contains(head.anchorUnits())) {
            throw new UserError("YOLO head anchor_units '" + head.anchorUnits() + "' is not pixels or grid");
        }
        this.head = head;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.numClasses = head.classScores().equals("none") ? 0 : numClasses;
        this.gridAnchors = head.anchorUnits().equals("grid");
        this.suppressor = new GreedyNms(head.nmsIou(), true, head.maxDetections());
        this.classProbabilities = new float[Math.max(1, this.numClasses)];
    }

    @Override
    public List<String> outputNames() {
        return head.outputs();
    }

    @Override
    public void decode(float[][] outputs, FrameTransform transform, float scoreThreshold, Detections into) {
        for (int o = 0; o < outputs.length; o++) {
            decodeGrid(outputs[o], head.anchors()[o], transform, scoreThreshold, into);
        }
    }

    private void decodeGrid(float[] out, float[] anchors, FrameTransform transform, float scoreThreshold, Detections into) {
        int numAnchors = anchors.length / 2;
        int perAnchor = 5 + numClasses;
        int cells = out.length / (numAnchors * perAnchor);
        if (cells * numAnchors * perAnchor != out.length) {
            throw new IllegalStateException("YOLO output of " + out.length + " values is not a grid of "
                    + numAnchors + " anchors x " + perAnchor + " values");
        }
        int gridHeight = (int) Math.round(Math.sqrt((double) cells * inputHeight / inputWidth));
        int gridWidth = cells / gridHeight;
        float scaleXy = head.scaleXy() > 0 ? head.scaleXy() : 1f;
        float anchorScaleX = gridAnchors ? (float) inputWidth / gridWidth : 1f;
        float anchorScaleY = gridAnchors ? (float) inputHeight / gridHeight : 1f;
        for (int cell = 0; cell < cells; cell++) {
            int row = cell / gridWidth;
            int col = cell % gridWidth;
            for (int a = 0; a < numAnchors; a++) {
                int base = (cell * numAnchors + a) * perAnchor;
                float objectness = Activations.sigmoid(out[base + 4]);
                if (objectness <= scoreThreshold) {
                    continue;
                }
                float cx = (col + Activations.sigmoid(out[base]) * scaleXy - (scaleXy - 1) / 2) / gridWidth * inputWidth;
                float cy = (row + Activations.sigmoid(out[base + 1]) * scaleXy - (scaleXy - 1) / 2) / gridHeight * inputHeight;
                float w = (float) Math.exp(out[base + 2]) * anchors[2 * a] * anchorScaleX;
                float h = (float) Math.exp(out[base + 3]) * anchors[2 * a + 1] * anchorScaleY;
                classProbabilities(out, base + 5);
                for (int c = 0; c < classProbabilities.length; c++) {
                    float score = objectness * classProbabilities[c];
                    if (score > scoreThreshold) {
                        into.add(transform.toSourceX(cx - w / 2), transform.toSourceY(cy - h / 2),
                                transform.toSourceX(cx + w / 2), transform.toSourceY(cy + h / 2), score, c);
                    }
                }
            }
        }
    }

    private void classProbabilities(float[] out, int offset) {
        if (numClasses == 0) {
            classProbabilities[0] = 1f;
        } else if (head.classScores().equals("sigmoid")) {
            for (int c = 0; c < numClasses; c++) {
                classProbabilities[c] = Activations.sigmoid(out[offset + c]);
            }
        } else {
            Activations.softmax(out, offset, numClasses, classProbabilities);
        }
    }

    /** Class-aware greedy NMS at the head's {@code nms_iou}, capped at {@code max_detections}. */
    @Override
    public Suppressor defaultSuppressor() {
        return suppressor;
    }
}
