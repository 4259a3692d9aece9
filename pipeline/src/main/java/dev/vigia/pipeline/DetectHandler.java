package dev.vigia.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.PreparedFrame;
import dev.vigia.models.engine.CpuPlan;
import dev.vigia.models.nms.Suppressor;
import dev.vigia.pipeline.motion.RegionJoiner;
import dev.vigia.pipeline.frame.FrameEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
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
 * <p>A frame of a source that detects regions ({@link RegionSlot}) goes to the detector as its
 * crops, in the same batch as the other frames; the crops' detections are brought back to the
 * frame and joined across crop borders ({@link RegionJoiner}), then every frame's detections are
 * suppressed once by the model's own suppression (the detector returns candidates then).
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
    private final Regions regions;
    private final RegionJoiner joiner;
    private final List<Mat> cropViews;
    private Sequence progress;
    private long lastSequence = -1;

    /**
     * Region detection in a pipeline where some sources detect crops.
     *
     * @param ofSource whether a source (by index) detects regions
     * @param suppressor the model's suppression, run once on each frame's detections (the
     *     detector returns candidates); null when a later stage suppresses, or the model needs none
     */
    record Regions(IntPredicate ofSource, Suppressor suppressor) {}

    /**
     * @param detectDone told the source of each frame this worker is done with (live capture publishes the next then)
     * @param cpus where the worker's thread runs: beside TensorFlow's threads, on the inference CPUs
     * @param preparedAhead whether a {@link PrepareHandler} prepared the frames (else the detector prepares them itself)
     */
    DetectHandler(Detector detector, int worker, int batch, FrameAccounting accounting, StageWaitStrategy waiting, IntConsumer detectDone,
            CpuPlan cpus, boolean preparedAhead) {
        this(detector, worker, batch, accounting, waiting, detectDone, cpus, preparedAhead, null);
    }

    /** @param regions how frames of sources that detect regions are detected; null: no source does */
    DetectHandler(Detector detector, int worker, int batch, FrameAccounting accounting, StageWaitStrategy waiting, IntConsumer detectDone,
            CpuPlan cpus, boolean preparedAhead, Regions regions) {
        this.regions = regions;
        this.joiner = regions == null ? null : new RegionJoiner();
        this.cropViews = new ArrayList<>();
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
                RegionSlot crops = cropsOf(event);
                if (crops == null) {
                    images.add(event.image);
                    prepared.add(event.prepared);
                    results.add(event.detections);
                } else {
                    for (int i = 0; i < crops.plan.size(); i++) {
                        if (!preparedAhead) {
                            Mat view = crops.crop(event.image, i);
                            cropViews.add(view);
                            images.add(view);
                        }
                        prepared.add(crops.prepared(i));
                        results.add(crops.found(i));
                    }
                }
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
        cropViews.forEach(Mat::close);
        cropViews.clear();
        if (failure == null && regions != null) {
            try {
                finishRegions();
            } catch (Exception | LinkageError e) {
                failure = e;
            }
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

    /** The frame's crops when its source detects regions and capture planned some; null: the frame goes whole. */
    private RegionSlot cropsOf(FrameEvent event) {
        if (regions == null || !regions.ofSource().test(event.sourceId)) {
            return null;
        }
        RegionSlot crops = event.attribute(RegionSlot.KEY);
        return crops.plan.wholeFrame() ? null : crops;
    }

    /** Brings the crops' detections back to their frames, joined, and suppresses each frame's detections once. */
    private void finishRegions() {
        for (FrameEvent event : ready) {
            RegionSlot crops = cropsOf(event);
            if (crops != null) {
                List<Detections> found = crops.found();
                joiner.join(crops.plan, found, event.image.cols(), event.image.rows(), event.detections);
                long prepare = 0;
                long infer = 0;
                long decode = 0;
                for (Detections crop : found) {
                    prepare += crop.preprocessNanos();
                    infer += crop.inferenceNanos();
                    decode += crop.postprocessNanos();
                }
                event.detections.setTimings(prepare, infer, decode);
            }
            if (regions.suppressor() != null) {
                long start = System.nanoTime();
                int candidates = event.detections.size();
                regions.suppressor().apply(event.detections);
                event.detections.setSuppression(candidates, System.nanoTime() - start);
            }
        }
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
