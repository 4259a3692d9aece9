package dev.vigia.models.detect;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.nms.GreedyNms;
import dev.vigia.models.nms.Suppressor;
import java.util.List;

/**
 * The single-tensor heads of Ultralytics' SavedModel exports. YOLOv5: {@code [1, N, 5 + C]}
 * rows of centre x, centre y, width, height, objectness, class probabilities (score = objectness
 * × class). YOLOv8/v11: anchor-free {@code [1, 4 + C, N]} (channels first), box then class
 * scores. Boxes are in input pixels, or in [0, 1] of the input when {@code normalized}.
 * Candidates of every class above the threshold go through class-aware greedy NMS.
 */
public final class YoloDecoder implements OutputDecoder {

    /** Settings from a yolo model's {@code head}. */
    public record Head(String output, int version, boolean normalized, float nmsIou, int maxDetections) {}

    private final Head head;
    private final int inputWidth;
    private final int inputHeight;
    private final int numClasses;
    private final GreedyNms suppressor;

    public YoloDecoder(Head head, int inputWidth, int inputHeight, int numClasses) {
        if (head.version() != 5 && head.version() != 8 && head.version() != 11) {
            throw new UserError("YOLO head version " + head.version() + " is not one Vigía decodes; use 5, 8 or 11");
        }
        this.head = head;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.numClasses = numClasses;
        this.suppressor = new GreedyNms(head.nmsIou(), true, head.maxDetections());
    }

    @Override
    public List<String> outputNames() {
        return List.of(head.output());
    }

    @Override
    public void decode(float[][] outputs, FrameTransform transform, float scoreThreshold, Detections into) {
        float[] out = outputs[0];
        boolean anchorBased = head.version() == 5;
        int stride = anchorBased ? 5 + numClasses : 4 + numClasses;
        if (out.length % stride != 0) {
            throw new IllegalStateException("YOLO output of " + out.length + " values does not hold rows of " + stride);
        }
        int anchors = out.length / stride;
        float scaleX = head.normalized() ? inputWidth : 1;
        float scaleY = head.normalized() ? inputHeight : 1;
        for (int a = 0; a < anchors; a++) {
            float objectness = anchorBased ? out[a * stride + 4] : 1;
            if (objectness <= scoreThreshold) {
                continue;
            }
            for (int c = 0; c < numClasses; c++) {
                float classScore = anchorBased ? out[a * stride + 5 + c] : out[(4 + c) * anchors + a];
                float score = objectness * classScore;
                if (score <= scoreThreshold) {
                    continue;
                }
                float cx = value(out, a, 0, anchors, stride, anchorBased) * scaleX;
                float cy = value(out, a, 1, anchors, stride, anchorBased) * scaleY;
                float w = value(out, a, 2, anchors, stride, anchorBased) * scaleX;
                float h = value(out, a, 3, anchors, stride, anchorBased) * scaleY;
                into.add(transform.toSourceX(cx - w / 2), transform.toSourceY(cy - h / 2),
                        transform.toSourceX(cx + w / 2), transform.toSourceY(cy + h / 2), score, c);
            }
        }
    }

    /** Box coordinate k of anchor a: rows (v5) or channels first (v8/v11). */
    private static float value(float[] out, int a, int k, int anchors, int stride, boolean rows) {
        return rows ? out[a * stride + k] : out[k * anchors + a];
    }

    /** Class-aware greedy NMS at the head's {@code nms_iou}, capped at {@code max_detections}. */
    @Override
    public Suppressor defaultSuppressor() {
        return suppressor;
    }
}
