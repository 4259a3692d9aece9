package dev.vigia.models.detect;

import java.util.List;

/**
 * The TensorFlow Object Detection API's serving signature, shared by its SSD, EfficientDet,
 * CenterNet and Faster R-CNN exports: {@code detection_boxes} normalised ymin, xmin, ymax, xmax;
 * {@code detection_scores}; {@code detection_classes} (label-map ids, as floats);
 * {@code num_detections}. Decoding already happened in the graph; this maps boxes to frame pixels.
 */
public final class ObjectDetectionApiDecoder implements OutputDecoder {

    /**
     * @param classOffset subtracted from the model's class ids to index the label map (0 for COCO category-id labels)
     */
    public record Head(String boxes, String scores, String classes, String count, int classOffset) {}

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
        return List.of(head.boxes(), head.scores(), head.classes(), head.count());
    }

    @Override
    public void decode(float[][] outputs, FrameTransform transform, float scoreThreshold, Detections into) {
        float[] boxes = outputs[0];
        float[] scores = outputs[1];
        float[] classes = outputs[2];
        int count = Math.min(Math.round(outputs[3][0]), scores.length);
        for (int i = 0; i < count; i++) {
            if (scores[i] <= scoreThreshold) {
                continue;
            }
            into.add(transform.toSourceX(boxes[i * 4 + 1] * inputWidth), transform.toSourceY(boxes[i * 4] * inputHeight),
                    transform.toSourceX(boxes[i * 4 + 3] * inputWidth), transform.toSourceY(boxes[i * 4 + 2] * inputHeight),
                    scores[i], Math.round(classes[i]) - head.classOffset());
        }
    }
}
