package dev.vigia.pipeline.stage;

import dev.vigia.models.detect.Detector;
import dev.vigia.pipeline.FrameEvent;
import dev.vigia.pipeline.Stage;

/**
 * One detection worker. Several run side by side, each with its own detector (own predictor),
 * and split the frames by number: worker k takes every {@code workers}-th frame to detect.
 * With {@code detectEvery} n only every n-th frame is detected; the tracker predicts the rest.
 */
public final class DetectStage implements Stage {

    private final Detector detector;
    private final int worker;
    private final int workers;
    private final int detectEvery;

    public DetectStage(Detector detector, int worker, int workers, int detectEvery) {
        this.detector = detector;
        this.worker = worker;
        this.workers = workers;
        this.detectEvery = detectEvery;
    }

    @Override
    public String name() {
        return "detect";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        if (event.frameIndex % detectEvery != 0 || (event.frameIndex / detectEvery) % workers != worker) {
            return;
        }
        detector.detect(event.image, event.detections);
        event.detected = true;
    }

    @Override
    public void onStop() {
        detector.close();
    }
}
