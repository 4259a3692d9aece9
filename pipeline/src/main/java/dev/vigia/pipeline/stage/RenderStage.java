package dev.vigia.pipeline.stage;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.render.Annotator;
import dev.vigia.pipeline.render.Annotators;
import dev.vigia.pipeline.render.HeadsUpAnnotator;
import dev.vigia.pipeline.render.RenderedFrame;
import java.util.List;

/**
 * Draws each frame for viewing: copies the clean frame onto its slot's {@link RenderedFrame} and
 * applies the source's annotators there in their declared order (each draws over the ones
 * before). The frame itself is never drawn on, so snapshots, listeners and a caller's sinks
 * read the clean image; the annotated video and the preview read the drawn copy.
 */
public final class RenderStage implements Stage {

    private final List<Annotator> layers;

    /** The engine's standard drawing ({@link Annotators#tracking}): masks, trails, boxes and, with {@code headsUp}, the heads-up line. */
    public RenderStage(LabelMap labels, HeadsUpAnnotator.Figures stats, boolean headsUp) {
        this(Annotators.tracking(labels, headsUp ? stats : null, List.of()));
    }

    /** @param layers the annotators, bottom to top; the stage closes them when it stops */
    public RenderStage(List<? extends Annotator> layers) {
        this.layers = List.copyOf(layers);
    }

    @Override
    public String name() {
        return "render";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        RenderedFrame.draw(event, layers);
    }

    @Override
    public void onStop() {
        layers.forEach(Annotator::close);
    }
}
