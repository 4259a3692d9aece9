package dev.vigia.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.PreparedFrame;
import dev.vigia.models.engine.CpuPlan;
import dev.vigia.pipeline.frame.FrameEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One detection worker over a shared model: it takes the frames capture assigned to it (from any
 * source), holds them until it has {@code batch} or no further frame has arrived, and detects
 * them in one call, the way DeepStream's stream muxer pushes a batch when it is full or when
 * nothing more is there; it never waits for a slow or dead source. Held frames stay in their
 * ring slots: the worker's progress stops just before the first one, so no stage behind it sees
 * them before their detections are in.
 *
 * <p>Frames come prepared for the model ({@link PrepareHandler}) when the detector lets another
 * thread prepare them; the worker then only infers and decodes.
 *
 * <p>Hot path: the batch lists are reused; a frame's detections are written into its slot.
 */
final class DetectHandler implements EventHandler<FrameEvent> {

    private final Detector detector;
    private final int worker;
    private final int batch;
    private final FrameAccounting accounting;
    private final StageWaitStrategy waiting;
    private final IntConsumer detectDone;
    private final CpuPlan cpus;
    private final boolean preparedAhead;
    private final List<FrameEvent> held;
    private final List<FrameEvent> ready;
    private final List<Mat> images;
    private final List<PreparedFrame> prepared;
    private final List<Detections> results;
    private Sequence progress;
    private long lastSequence = -1;

    /**
     * @param detectDone told the source of each frame this worker is done with (live capture publishes the next then)
     * @param cpus where the worker's thread runs: beside TensorFlow's threads, on the inference CPUs
     * @param preparedAhead whether a {@link PrepareHandler} prepared the frames (else the detector prepares them itself)
     */
    DetectHandler(Detector detector, int worker, int batch, FrameAccounting accounting, StageWaitStrategy waiting, IntConsumer detectDone,
            CpuPlan cpus, boolean preparedAhead) {
        this.detector = detector;
        this.worker = worker;
        this.batch = batch;
        this.accounting = accounting;
        this.waiting = waiting;
        this.detectDone = detectDone;
        this.cpus = cpus;
        this.preparedAhead = preparedAhead;
        this.held = new ArrayList<>(batch);
        this.ready = new ArrayList<>(batch);
        this.images = new ArrayList<>(batch);
        this.prepared = new ArrayList<>(batch);
        this.results = new ArrayList<>(batch);
    }

    @Override
    public void setSequenceCallback(Sequence sequenceCallback) {
        this.progress = sequenceCallback;
    }

    @Override
    public void onEvent(FrameEvent event, long sequence, boolean endOfBatch) {
        lastSequence = sequence;
        if (event.detectWorker == worker) {
            if (event.detectWanted) {
                held.add(event);
            } else {
                detectDone.accept(event.sourceId);
            }
        }
        if (!held.isEmpty() && (held.size() >= batch || endOfBatch)) {
            detectHeld();
        }
        if (held.isEmpty()) {
            progress.set(sequence);
            waiting.signalAllWhenBlocking();
        }
    }

    private void detectHeld() {
        ready.clear();
        images.clear();
        prepared.clear();
        results.clear();
        for (FrameEvent event : held) {
            if (preparedAhead && event.prepareFailure != null) {
                event.detections.clear();
                accounting.failed(event, event.prepareFailure, 0);
                detectDone.accept(event.sourceId);
            } else {
                ready.add(event);
                images.add(event.image);
                prepared.add(event.prepared);
                results.add(event.detections);
            }
        }
        held.clear();
        if (ready.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            if (preparedAhead) {
                detector.detectPrepared(prepared, results);
            } else {
                detector.detectBatch(images, results);
            }
        } catch (Exception | LinkageError e) {
            failure = e;
        }
        long share = (System.nanoTime() - start) / ready.size();
        for (FrameEvent event : ready) {
            if (failure == null) {
                event.detected = true;
                accounting.succeeded(event, share);
            } else {
                event.detections.clear();
                accounting.failed(event, failure, share);
            }
            detectDone.accept(event.sourceId);
        }
        accounting.batchDetected(ready.size());
    }

    @Override
    public void onStart() {
        cpus.pinToInference();
    }

    @Override
    public void onShutdown() {
        // The ring has drained: nothing can still be held, but a batch left by a halt is detected so its slots are complete.
        if (!held.isEmpty()) {
            detectHeld();
            progress.set(lastSequence);
        }
        detector.close();
    }
}
