package dev.vigia.models.detect;

import dev.vigia.models.boxes.Detections;
import java.util.List;

/**
 * The TensorFlow Object Detection API's serving signature, shared by its SSD, EfficientDet,
 * CenterNet and Faster R-CNN exports: {@code detection_boxes} normalised ymin, xmin, ymax, xmax;
 * {@code detection_scores}; {@code detection_classes} (label-map ids, as floats);
 * {@code num_detections}, and for Mask R-CNN {@code detection_masks}. Decoding already happened in
 * the graph; this maps boxes to frame pixels and keeps each box's mask.
 */
public final class ObjectDetectionApiDecoder implements OutputDecoder {

    /**
     * @param classOffset subtracted from the model's class ids to index the label map (0 for COCO category-id labels)
     * @param masks Mask R-CNN's per-box masks {@code [1, N, h, w]} (box-relative probabilities); null when
     *     the model has none
     */
    public record Head(String boxes, String scores, String classes, String count, int classOffset, String masks) {

        /** This head reading masks only when the model has that output. */
        public Head forOutputs(List<String> available) {
            return masks == null || available.contains(masks) ? this
                    : new Head(boxes, scores, classes, count, classOffset, null);
        }
    }

    private final Head head;
    private final int inputWidth;
    private final int inputHeight;

    public ObjectDetectionApiDecoder(Head head, int inputWidth, int inputHeight) {
        this.head = head;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
    }

    @Override
    public List<String> outputNames() {
        return head.masks() == null ? List.of(head.boxes(), head.scores(), head.classes(), head.count())
                : List.of(head.boxes(), head.scores(), head.classes(), head.count(), head.masks());
    }

    @Override
    public void decode(float[][] outputs, FrameTransform transform, float scoreThreshold, Detections into) {
        float[] boxes = outputs[0];
        float[] scores = outputs[1];
        float[] classes = outputs[2];
        int count = Math.min(Math.round(outputs[3][0]), scores.length);
        float[] masks = head.masks() == null ? null : outputs[4];
        int maskSide = masks == null ? 0 : (int) Math.round(Math.sqrt(masks.length / (double) scores.length));
        if (masks != null) {
            if (maskSide * maskSide * scores.length != masks.length) {
                throw new IllegalStateException("detection_masks of " + masks.length + " values are not square masks for "
                        + scores.length + " boxes");
            }
            into.useMasks(maskSide, maskSide);
        }
        for (int i = 0; i < count; i++) {
            if (scores[i] <= scoreThreshold) {
                continue;
            }
            into.add(transform.toSourceX(boxes[i * 4 + 1] * inputWidth), transform.toSourceY(boxes[i * 4] * inputHeight),
                    transform.toSourceX(boxes[i * 4 + 3] * inputWidth), transform.toSourceY(boxes[i * 4 + 2] * inputHeight),
                    scores[i], Math.round(classes[i]) - head.classOffset());
            if (masks != null) {
                into.setMask(into.size() - 1, masks, i * maskSide * maskSide);
            }
        }
    }

    @Override
    public boolean givesMasks() {
        return head.masks() != null;
    }
}
