package dev.vigia.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import dev.vigia.models.detect.FramePreparer;
import dev.vigia.models.engine.CpuPlan;
import dev.vigia.pipeline.frame.FrameEvent;
import java.util.function.IntPredicate;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns each frame that is to be detected into the model's input (resize, normalisation,
 * layout) before a detection worker takes it, on the rest's CPUs. Preprocessing then runs while
 * the detector infers the frames before, instead of taking its turn on the inference core: on 2
 * cores it was about 6 % of NanoDet's time per frame there. A frame it cannot prepare carries
 * the failure to its worker, which counts it as that frame's failed detection. A frame of a
 * source that detects regions is prepared as its crops ({@link RegionSlot}).
 */
final class PrepareHandler implements EventHandler<FrameEvent> {

    private final FramePreparer preparer;
    private final CpuPlan cpus;
    private final StageWaitStrategy waiting;
    private final IntPredicate regionsOf;
    private Sequence progress;

    PrepareHandler(FramePreparer preparer, CpuPlan cpus, StageWaitStrategy waiting) {
        this(preparer, cpus, waiting, null);
    }

    /** @param regionsOf whether a source (by index) detects regions; null: none does */
    PrepareHandler(FramePreparer preparer, CpuPlan cpus, StageWaitStrategy waiting, IntPredicate regionsOf) {
        this.regionsOf = regionsOf;
        this.preparer = preparer;
        this.cpus = cpus;
        this.waiting = waiting;
    }

    @Override
    public void setSequenceCallback(Sequence sequenceCallback) {
        this.progress = sequenceCallback;
    }

    @Override
    public void onStart() {
        Thread.currentThread().setName("vigia-prepare");
        cpus.pinToRest();
    }

    @Override
    public void onEvent(FrameEvent event, long sequence, boolean endOfBatch) {
        if (event.detectWanted && event.detectWorker >= 0) {
            event.prepareFailure = null;
            try {
                RegionSlot crops = regionsOf != null && regionsOf.test(event.sourceId) ? event.attribute(RegionSlot.KEY) : null;
                if (crops == null || crops.plan.wholeFrame()) {
                    preparer.prepare(event.image, event.prepared);
                } else {
                    prepareCrops(event.image, crops);
                }
            } catch (Exception | LinkageError e) {
                event.prepareFailure = e;
            }
        }
        // Hand each frame to the workers at once, not at the end of the Disruptor's batch.
        progress.set(sequence);
        waiting.signalAllWhenBlocking();
    }

    private void prepareCrops(Mat image, RegionSlot crops) {
        for (int i = 0; i < crops.plan.size(); i++) {
            try (Mat view = crops.crop(image, i)) {
                preparer.prepare(view, crops.prepared(i));
            }
        }
    }

    @Override
    public void onShutdown() {
        preparer.close();
    }
}
