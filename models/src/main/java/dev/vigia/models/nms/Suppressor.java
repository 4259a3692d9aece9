package dev.vigia.models.nms;

import dev.vigia.models.boxes.Detections;

/** Removes or down-weights overlapping detections in place; kept ones end in score order. */
public interface Suppressor {

    void apply(Detections detections);
}
