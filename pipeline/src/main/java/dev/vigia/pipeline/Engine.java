package dev.vigia.pipeline;

import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.engine.CpuPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running engine, from {@link EngineBuilder#start()}: capture, detection, tracking and outputs
 * run on threads of its own until every source has ended, {@link #stop()} is called or a limit is
 * reached. Statistics are live ({@link #stats()}, {@link #sourceStats()}); {@link #awaitTermination()}
 * waits for the end and reports a run that failed. Closing it stops it and waits.
 */
public final class Engine implements AutoCloseable {

    private final Pipeline pipeline;
    private final AutoCloseable ownedModel;
    private final List<Path> outputFiles;
    private final Thread runner;
    private final CpuPlan cpus;
    private volatile RuntimeException failure;
    private volatile PrecisionDecision precision;
    private volatile PrecisionDecision maskPrecision;
    private volatile dev.vigia.pipeline.motion.DetectionBudget budget;

    /** @param cpus the plan TensorFlow runs under; the engine's own threads (all started from its runner) take the rest's CPUs */
    Engine(Pipeline pipeline, AutoCloseable ownedModel, List<Path> outputFiles, CpuPlan cpus) {
        this.pipeline = pipeline;
        this.cpus = cpus;
        this.ownedModel = ownedModel;
        this.outputFiles = List.copyOf(outputFiles);
        this.runner = new Thread(this::run, "vigia-engine");
    }

    void begin() {
        runner.start();
    }

    private void run() {
        cpus.pinToRest();
        try {
            pipeline.run();
        } catch (RuntimeException | LinkageError e) {
            failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.toString(), e);
        } finally {
            if (ownedModel != null) {
                try {
                    ownedModel.close();
                } catch (Exception e) {
                    // The run is over; a model that cannot be released changes nothing it wrote.
                }
            }
        }
    }

    /** Ends capture on every source; frames in flight still reach every output. Safe from any thread, and more than once. */
    public void stop() {
        pipeline.requestStop();
    }

    /**
     * Waits until the engine has ended and its outputs are finished.
     *
     * @return the totals of the run
     * @throws PipelineFailedException when a stage kept failing on a source, a source could not be
     *     read, or an output could not be finished; the outputs hold what did pass through
     */
    public PipelineStats awaitTermination() {
        Pipeline.joinUninterruptibly(runner);
        if (failure != null) {
            throw failure;
        }
        return pipeline.stats();
    }

    /** Waits at most {@code timeout}; true when the engine has ended. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        TimeUnit.MILLISECONDS.timedJoin(runner, Math.max(1, timeout.toMillis()));
        return !runner.isAlive();
    }

    public boolean isRunning() {
        return runner.isAlive();
    }

    /** The run's totals so far (all sources). */
    public PipelineStats stats() {
        return pipeline.stats();
    }

    /** Each source's statistics so far, by source name, in the order the sources were given. */
    public Map<String, PipelineStats> sourceStats() {
        return pipeline.sourceStats();
    }

    /** The standard output files the engine writes (empty without an output folder). */
    public List<Path> outputFiles() {
        return outputFiles;
    }

    /**
     * The totals, with each source's own under {@code "sources"}, the detector's precision and,
     * with a detection budget, {@code "budget"} (and each budgeted source's part under its {@code "budget"}).
     */
    public com.fasterxml.jackson.databind.node.ObjectNode statsJson() {
        var root = pipeline.stats().toJson(pipeline.sourceStats());
        if (budget != null) {
            dev.vigia.pipeline.motion.DetectionBudget.Report report = budget.report();
            root.set("budget", report.toJson());
            for (dev.vigia.pipeline.motion.DetectionBudget.Share share : report.sources()) {
                if (root.path("sources").path(share.source()) instanceof com.fasterxml.jackson.databind.node.ObjectNode source) {
                    source.set("budget", dev.vigia.pipeline.motion.DetectionBudget.Report.toJson(share));
                }
            }
        }
        if (precision != null) {
            root.put("precision", precision.precision().toString()).put("precision_reason", precision.reason());
        }
        if (maskPrecision != null) {
            root.put("mask_model_precision", maskPrecision.precision().toString()).put("mask_model_precision_reason", maskPrecision.reason());
        }
        return root;
    }

    /** Writes {@link #statsJson()} to {@code file}. */
    public void writeStatsJson(Path file) throws IOException {
        new com.fasterxml.jackson.databind.ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), statsJson());
    }

    /** The detection budget and each source's part of it now, or empty without one ({@link EngineBuilder#detectionBudget}). */
    public java.util.Optional<dev.vigia.pipeline.motion.DetectionBudget.Report> detectionBudget() {
        return budget == null ? java.util.Optional.empty() : java.util.Optional.of(budget.report());
    }

    void budget(dev.vigia.pipeline.motion.DetectionBudget detectionBudget) {
        this.budget = detectionBudget;
    }

    /** The precision the detector runs at and why; null when the engine was given a loaded model. */
    public PrecisionDecision precision() {
        return precision;
    }

    /** The mask model's (person segmenter or matting) precision and why; null without one. */
    public PrecisionDecision maskPrecision() {
        return maskPrecision;
    }

    void precision(PrecisionDecision detector, PrecisionDecision maskModel) {
        this.precision = detector;
        this.maskPrecision = maskModel;
    }

    /** Stops the engine and waits for it to finish its outputs; a failure is left to {@link #awaitTermination()}. */
    @Override
    public void close() {
        stop();
        Pipeline.joinUninterruptibly(runner);
    }
}
