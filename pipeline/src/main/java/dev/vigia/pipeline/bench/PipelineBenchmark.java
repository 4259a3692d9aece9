package dev.vigia.pipeline.bench;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.measure.Percentiles;
import dev.vigia.pipeline.CaptureMode;
import dev.vigia.pipeline.Engine;
import dev.vigia.pipeline.EngineBuilder;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.SourceSpec;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Detector-only throughput against full-pipeline throughput, on the same frames and model in one
 * run: first the decoded frames go through the detector alone, one at a time, then the file (or
 * {@code sources} copies of it at once) goes through what {@code Vigia.engine()} runs with its
 * standard outputs: decode, detect (batched across sources), track, snapshots, render, MP4 + MOT +
 * JSONL + CSV per source.
 *
 * <p>This machine's speed drifts between runs (other tenants, clocks): each pipeline run is
 * compared with the mean of the detector-only runs just before and just after it, and each figure
 * is the {@link Percentiles#median median} over the rounds.
 *
 * @param video the video file
 * @param tracker the tracker's name, as {@link EngineBuilder#tracker(String)} takes it
 * @param frames frames decoded and run per source, at least 10
 * @param sources copies of the video tracked at once, 1 to 16
 * @param batch frames per inference across the sources
 * @param mp4 whether the MP4 sink runs
 * @param rounds pipeline runs, each between two detector-only runs, 1 to 20
 */
public record PipelineBenchmark(Path video, String tracker, int frames, int sources, int batch, boolean mp4, int rounds) {

    public PipelineBenchmark {
        if (frames < 10) {
            throw new InvalidSettingException(Setting.FRAMES, "frames must be at least 10, got " + frames);
        }
        if (sources < 1 || sources > 16) {
            throw new InvalidSettingException(Setting.SOURCES, "sources must be 1 to 16, got " + sources);
        }
        if (rounds < 1 || rounds > 20) {
            throw new InvalidSettingException(Setting.ROUNDS, "rounds must be 1 to 20, got " + rounds);
        }
    }

    /**
     * The figures of one benchmark.
     *
     * @param frames frames decoded per source (fewer than asked when the video is shorter)
     * @param detectorFps detector-only frames a second (median over the rounds)
     * @param aggregateFps the pipeline's frames a second over all sources (median over the rounds)
     * @param ratio the pipeline's rate over the detector-only rate of its round (median over the rounds)
     * @param stats the last round's pipeline statistics
     * @param perSource the last round's statistics per source
     */
    public record Result(int frames, double detectorFps, double aggregateFps, double ratio, PipelineStats stats,
            Map<String, PipelineStats> perSource) {}

    /** Runs the benchmark with {@code model} (left open). */
    public Result run(DetectorModel model) throws IOException {
        List<Mat> decoded = decode();
        try (Detector alone = model.newDetector()) {
            double before = detectorOnlyFps(alone, decoded);
            double[] ratios = new double[rounds];
            double[] detectorRates = new double[rounds];
            double[] pipelineRates = new double[rounds];
            PipelineStats stats = null;
            Map<String, PipelineStats> perSource = null;
            for (int round = 0; round < rounds; round++) {
                Engine finished = runPipeline(model, decoded.size());
                double after = detectorOnlyFps(alone, decoded);
                stats = finished.stats();
                perSource = finished.sourceStats();
                detectorRates[round] = (before + after) / 2;
                pipelineRates[round] = stats.fps();
                ratios[round] = pipelineRates[round] / detectorRates[round];
                before = after;
            }
            return new Result(decoded.size(), Percentiles.median(detectorRates), Percentiles.median(pipelineRates),
                    Percentiles.median(ratios), stats, perSource);
        } finally {
            decoded.forEach(Mat::close);
        }
    }

    /** One run of what {@code vigia track} runs, through the public API; returns the finished engine (for its statistics). */
    private Engine runPipeline(DetectorModel model, int decodedFrames) throws IOException {
        Path out = Files.createTempDirectory("vigia-bench-");
        EngineBuilder builder = Vigia.engine()
                .detector(model)
                .tracker(tracker)
                .batch(batch)
                .outputs(out)
                .video(mp4)
                .maxFrames(decodedFrames);
        for (int i = 1; i <= sources; i++) {
            builder.source(SourceSpec.of(sources == 1 ? "bench" : "bench" + i, video.toString()).mode(CaptureMode.FILE));
        }
        try (Engine engine = builder.start()) {
            engine.awaitTermination();
            return engine;
        } finally {
            deleteTree(out);
        }
    }

    private static double detectorOnlyFps(Detector detector, List<Mat> decoded) {
        Detections detections = new Detections();
        for (int i = 0; i < Math.min(5, decoded.size()); i++) {
            detector.detect(decoded.get(i), detections);
        }
        long start = System.nanoTime();
        for (Mat frame : decoded) {
            detector.detect(frame, detections);
        }
        return decoded.size() / ((System.nanoTime() - start) / 1e9);
    }

    private List<Mat> decode() {
        List<Mat> list = new ArrayList<>();
        try (Source input = FfmpegSource.openFile(video.toString())) {
            Mat frame = new Mat();
            while (list.size() < frames && input.read(frame) == Source.Status.FRAME) {
                list.add(frame.clone());
            }
            frame.close();
        }
        return list;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
