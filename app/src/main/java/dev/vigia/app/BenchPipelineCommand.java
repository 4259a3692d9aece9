package dev.vigia.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.models.detect.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.InferenceThreads;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.pipeline.precision.DetectorPrecision;
import dev.vigia.models.engine.TensorFlowEngine;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.Engine;
import dev.vigia.pipeline.EngineBuilder;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.SourceSpec;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.track.Trackers;
import dev.vigia.samples.SampleMedia;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Detector-only throughput against full-pipeline throughput, on the same frames and model in one
 * run: first the decoded frames go through the detector alone, one at a time, then the file (or
 * {@code --sources N} copies of it at once) goes through exactly what {@code vigia track} runs,
 * built through the public engine API: decode, detect (batched across sources with {@code --batch}),
 * track, snapshots, render, MP4 + MOT + JSONL + CSV per source.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Compare detector-only and full-pipeline frames per second on one video (or several copies at once).")
final class BenchPipelineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "FILE", description = "Video file (default: the sample vtest.avi).")
    Path source;

    @Option(names = "--detector", defaultValue = "nanodet", paramLabel = "ID")
    String detector;

    @Mixin
    TrustModelOption trustModel;

    @Option(names = "--tracker", defaultValue = Trackers.DEFAULT, paramLabel = "NAME", description = "Tracker (default: ${DEFAULT-VALUE}, as track).")
    String tracker;

    @Option(names = "--frames", defaultValue = "200", paramLabel = "N", description = "Frames per source (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--sources", defaultValue = "1", paramLabel = "N", description = "Copies of the video tracked at once (default: ${DEFAULT-VALUE}).")
    int sources;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "N", description = "Frames per inference across the sources (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--inference-threads", defaultValue = "auto", paramLabel = "INTRA,INTER|auto|tf",
            description = "TensorFlow's thread pools, for both runs (default: ${DEFAULT-VALUE}: pinned to CPUs of their own on a CPU; INTRA,INTER: unpinned).")
    String inferenceThreads;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu")
    String device;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "auto|fp32|bf16", description = PrecisionFlag.DESCRIPTION)
    String precision;

    private PrecisionDecision decision;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N",
            description = "Pipeline runs, each between two detector-only runs; figures are medians (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--no-video", description = "Leave out the MP4 sink, to see what H.264 encoding costs.")
    boolean noVideo;

    @Option(names = "--json", description = "Print {\"detector_fps\", \"pipeline_fps\", \"ratio\", \"streams\", \"aggregate_fps\", \"batch\"} and details as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (frames < 10) {
            throw new UserError("--frames must be at least 10");
        }
        if (sources < 1 || sources > 16) {
            throw new UserError("--sources must be 1 to 16, got " + sources);
        }
        Path video = source != null ? source : SampleMedia.standard().file("vtest.avi");
        threads = InferenceThreads.parse(inferenceThreads, Runtime.getRuntime().availableProcessors(), 1);
        DetectorOptions options = new DetectorOptions(Trackers.detectionScore(tracker), DeviceChoice.parse(device)).withThreads(threads)
                .withPrecision(Precision.parse(precision));
        String modelId = trustModel.detector(detector);
        decision = DetectorPrecision.decide(ModelStore.standard(), modelId, options);
        options = options.withPrecision(decision.precision());
        if (rounds < 1 || rounds > 20) {
            throw new UserError("--rounds must be 1 to 20, got " + rounds);
        }
        List<Mat> decoded = decode(video);
        try (DetectorModel model = Detectors.load(ModelStore.standard(), modelId, options); Detector alone = model.newDetector()) {
            // This machine's speed drifts between runs (other tenants, clocks): each pipeline run is
            // compared with the mean of the detector-only runs just before and just after it.
            double before = detectorOnlyFps(alone, decoded);
            double[] ratios = new double[rounds];
            double[] detectorRates = new double[rounds];
            PipelineStats stats = null;
            Map<String, PipelineStats> perSource = null;
            double[] pipelineRates = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                Engine finished = runPipeline(model, video);
                double after = detectorOnlyFps(alone, decoded);
                stats = finished.stats();
                perSource = finished.sourceStats();
                detectorRates[round] = (before + after) / 2;
                pipelineRates[round] = stats.fps();
                ratios[round] = pipelineRates[round] / detectorRates[round];
                before = after;
            }
            decoded.forEach(Mat::close);
            report(video, median(detectorRates), median(pipelineRates), median(ratios), stats, perSource);
        }
        return 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One run of what track runs, through the public API; returns the finished engine (for its statistics). */
    private Engine runPipeline(DetectorModel model, Path video) throws Exception {
        Path out = Files.createTempDirectory("vigia-bench-");
        EngineBuilder builder = Vigia.engine()
                .detector(model)
                .tracker(tracker)
                .batch(batch)
                .outputs(out)
                .video(!noVideo)
                .maxFrames(decodedCount);
        for (int i = 1; i <= sources; i++) {
            builder.source(SourceSpec.of(sources == 1 ? "bench" : "bench" + i, video.toString()).mode(SourceSpec.Mode.FILE));
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

    private int decodedCount;
    private InferenceThreads threads;

    private List<Mat> decode(Path video) {
        List<Mat> list = new ArrayList<>();
        try (Source input = FfmpegSource.openFile(video.toString())) {
            Mat frame = new Mat();
            while (list.size() < frames && input.read(frame) == Source.Status.FRAME) {
                list.add(frame.clone());
            }
            frame.close();
        }
        decodedCount = list.size();
        return list;
    }

    private void report(Path video, double detectorFps, double aggregateFps, double ratio, PipelineStats stats,
            Map<String, PipelineStats> perSource) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("source", video.toString()).put("detector", detector).put("tracker", tracker).put("frames", decodedCount)
                    .put("video", !noVideo).put("streams", sources).put("batch", batch).put("rounds", rounds)
                    .put("detector_fps", round(detectorFps)).put("pipeline_fps", round(aggregateFps / sources))
                    .put("aggregate_fps", round(aggregateFps)).put("ratio", round(ratio))
                    .put("mean_batch", round(stats.meanBatch())).put("cpus", TensorFlowEngine.cpuPlan().toString());
            PrecisionFlag.put(root, decision);
            root.set("pipeline", stats.toJson(perSource));
            out.println(new ObjectMapper().writeValueAsString(root));
            return;
        }
        out.printf(Locale.ROOT, "%s + %s on %s, %d frames x %d source(s), batch %d, %d round(s) (medians)%n", detector, tracker,
                video.getFileName(), decodedCount, sources, batch, rounds);
        out.printf(Locale.ROOT, "detector only      %7.2f fps%n", detectorFps);
        out.printf(Locale.ROOT, "pipeline, all      %7.2f fps (%.2f per source; mean batch %.2f)%n", aggregateFps, aggregateFps / sources,
                stats.meanBatch());
        out.printf(Locale.ROOT, "ratio              %7.3f%n", ratio);
        out.printf(Locale.ROOT, "threads            %s (TensorFlow %s)%n", TensorFlowEngine.cpuPlan(), threads);
        out.printf(Locale.ROOT, "precision          %s%n", decision);
        stats.summaryLines().forEach(out::println);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
