package dev.vigia.pipeline.render;

import dev.vigia.models.catalog.LabelMap;
import java.util.ArrayList;
import java.util.List;

/** The standard orders of drawing, bottom to top: each annotator draws over the ones before it. */
public final class Annotators {

    private Annotators() {}

    /**
     * A tracked frame as the engine draws it: track masks; then {@code between}, a caller's own
     * (zones, lines), under the objects as they were drawn before annotators; then trails, boxes
     * and, when {@code headsUp} is given, the heads-up line on top.
     *
     * @param headsUp the figures of the heads-up line, or null for none
     */
    public static List<Annotator> tracking(LabelMap labels, HeadsUpAnnotator.Figures headsUp, List<? extends Annotator> between) {
        List<Annotator> layers = new ArrayList<>();
        layers.add(new TrackMaskAnnotator());
        layers.addAll(between);
        layers.add(new TrailAnnotator());
        layers.add(new TrackBoxAnnotator(labels));
        if (headsUp != null) {
            layers.add(new HeadsUpAnnotator(headsUp));
        }
        return layers;
    }

    /** A frame's or image's detections without tracking: instance masks, then boxes tagged "label score". */
    public static List<Annotator> detections() {
        return List.of(new DetectionMaskAnnotator(), new DetectionBoxAnnotator());
    }
}
