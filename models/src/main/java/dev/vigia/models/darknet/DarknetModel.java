package dev.vigia.models.darknet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.models.graph.GraphBuilder;
import java.util.List;

/**
 * A converted Darknet network: its graph, input size, class count, and the YOLO anchor head
 * settings ({@link dev.vigia.models.detect.YoloAnchorDecoder.Head}) read from its detection layers.
 */
public record DarknetModel(GraphBuilder graph, int width, int height, int classes, ObjectNode head) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double NMS_IOU = 0.45;
    private static final int MAX_DETECTIONS = 300;

    static DarknetModel of(GraphBuilder graph, int width, int height, List<DetectionLayer> layers) {
        DetectionLayer first = layers.get(0);
        ObjectNode head = JSON.createObjectNode();
        ArrayNode outputs = head.putArray("outputs");
        ArrayNode anchors = head.putArray("anchors");
        for (DetectionLayer layer : layers) {
            if (layer.classes() != first.classes() || !layer.type().equals(first.type())) {
                throw new UserError("Darknet cfg mixes detection layers of different kinds or class counts");
            }
            outputs.add(layer.output());
            ArrayNode pairs = anchors.addArray();
            for (float value : layer.anchors()) {
                pairs.add(value);
            }
        }
        head.put("anchor_units", first.type().equals("yolo") ? "pixels" : "grid");
        head.put("class_scores", first.softmax() ? "softmax" : "sigmoid");
        head.put("scale_xy", first.scaleXy());
        head.put("nms_iou", NMS_IOU);
        head.put("max_detections", MAX_DETECTIONS);
        return new DarknetModel(graph, width, height, first.classes(), head);
    }
}
