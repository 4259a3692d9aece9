package dev.vigia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.app.common.PrecisionFlag;
import dev.vigia.app.common.PrecisionOption;
import dev.vigia.app.common.TrustModelOption;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.InferenceThreads;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.pipeline.precision.DetectorPrecision;
import dev.vigia.models.engine.TensorFlowEngine;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.bench.PipelineBenchmark;
import dev.vigia.pipeline.track.Trackers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@link PipelineBenchmark} from the command line: its settings as flags, its figures as text or JSON. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Compare detector-only and full-pipeline frames per second on one video (or several copies at once).")
final class BenchPipelineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchVideoOption source;

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

    @Mixin
    PrecisionOption precision;

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
        Path video = source.video();
        PipelineBenchmark benchmark = new PipelineBenchmark(video, tracker, frames, sources, batch, !noVideo, rounds);
        threads = InferenceThreads.parse(inferenceThreads, Runtime.getRuntime().availableProcessors(), 1);
        DetectorOptions options = new DetectorOptions(Trackers.detectionScore(tracker), DeviceChoice.parse(device)).withThreads(threads)
                .withPrecision(precision.asked());
        try (DetectorPrecision.Loaded loaded = DetectorPrecision.load(ModelStore.standard(), trustModel.detector(detector), options)) {
            decision = loaded.decision();
            report(video, benchmark.run(loaded.model()));
        }
        return 0;
    }

    private InferenceThreads threads;

    private void report(Path video, PipelineBenchmark.Result result) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        double detectorFps = result.detectorFps();
        double aggregateFps = result.aggregateFps();
        PipelineStats stats = result.stats();
        int decodedCount = result.frames();
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("source", video.toString()).put("detector", detector).put("tracker", tracker).put("frames", decodedCount)
                    .put("video", !noVideo).put("streams", sources).put("batch", batch).put("rounds", rounds)
                    .put("detector_fps", round(detectorFps)).put("pipeline_fps", round(aggregateFps / sources))
                    .put("aggregate_fps", round(aggregateFps)).put("ratio", round(result.ratio()))
                    .put("mean_batch", round(stats.meanBatch())).put("cpus", TensorFlowEngine.cpuPlan().toString());
            PrecisionFlag.put(root, decision);
            root.set("pipeline", stats.toJson(result.perSource()));
            out.println(new ObjectMapper().writeValueAsString(root));
            return;
        }
        out.printf(Locale.ROOT, "%s + %s on %s, %d frames x %d source(s), batch %d, %d round(s) (medians)%n", detector, tracker,
                video.getFileName(), decodedCount, sources, batch, rounds);
        out.printf(Locale.ROOT, "detector only      %7.2f fps%n", detectorFps);
        out.printf(Locale.ROOT, "pipeline, all      %7.2f fps (%.2f per source; mean batch %.2f)%n", aggregateFps, aggregateFps / sources,
                stats.meanBatch());
        out.printf(Locale.ROOT, "ratio              %7.3f%n", result.ratio());
        out.printf(Locale.ROOT, "threads            %s (TensorFlow %s)%n", TensorFlowEngine.cpuPlan(), threads);
        out.printf(Locale.ROOT, "precision          %s%n", decision);
        stats.summaryLines().forEach(out::println);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
