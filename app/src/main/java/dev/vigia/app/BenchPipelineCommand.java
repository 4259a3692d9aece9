package dev.vigia.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.detect.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.CaptureMode;
import dev.vigia.pipeline.Pipeline;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.sink.JsonLinesSink;
import dev.vigia.pipeline.sink.MotSink;
import dev.vigia.pipeline.sink.Mp4Sink;
import dev.vigia.pipeline.sink.TrackSummarySink;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.stage.DetectStage;
import dev.vigia.pipeline.stage.RenderStage;
import dev.vigia.pipeline.stage.SnapshotStage;
import dev.vigia.pipeline.stage.TrackStage;
import dev.vigia.pipeline.track.IouTracker;
import dev.vigia.samples.SampleMedia;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Detector-only throughput against full-pipeline throughput, on the same frames and model in one
 * run: first the decoded frames go through the detector alone, then the file goes through the
 * whole pipeline (decode, detect, NMS, track, snapshots, render, MP4 + MOT + JSONL + CSV).
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Compare detector-only and full-pipeline frames per second on one video.")
final class BenchPipelineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "FILE", description = "Video file (default: the sample vtest.avi).")
    Path source;

    @Option(names = "--detector", defaultValue = "nanodet", paramLabel = "ID")
    String detector;

    @Option(names = "--frames", defaultValue = "200", paramLabel = "N", description = "Frames to use (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu")
    String device;

    @Option(names = "--no-video", description = "Leave out the MP4 sink, to see what H.264 encoding costs.")
    boolean noVideo;

    @Option(names = "--json", description = "Print {\"detector_fps\", \"pipeline_fps\", \"ratio\"} and details as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (frames < 10) {
            throw new UserError("--frames must be at least 10");
        }
        Path video = source != null ? source : SampleMedia.standard().file("vtest.avi");
        DetectorOptions options = new DetectorOptions(DetectorOptions.DEFAULT_SCORE, DeviceChoice.parse(device));
        List<Mat> decoded = decode(video);
        double detectorFps;
        LabelMap labels;
        try (Detector model = Detectors.open(ModelStore.standard(), detector, options)) {
            labels = model.labels();
            Detections detections = new Detections();
            for (int i = 0; i < Math.min(5, decoded.size()); i++) {
                model.detect(decoded.get(i), detections);
            }
            long start = System.nanoTime();
            for (Mat frame : decoded) {
                model.detect(frame, detections);
            }
            detectorFps = decoded.size() / ((System.nanoTime() - start) / 1e9);
        }
        decoded.forEach(Mat::close);

        Path out = Files.createTempDirectory("vigia-bench-");
        PipelineStats stats = new PipelineStats();
        Source input = FfmpegSource.openFile(video.toString());
        var info = input.info();
        Detector model = Detectors.open(ModelStore.standard(), detector, options);
        Pipeline.builder()
                .source(input, CaptureMode.FILE)
                .maxFrames(decodedCount)
                .detectWorkers(List.of(new DetectStage(model, 0, 1, 1)))
                .then(new TrackStage(new IouTracker(IouTracker.Settings.defaults()), info.fps()))
                .then(new SnapshotStage(out.resolve("snapshots")))
                .then(new RenderStage(labels, stats, true))
                .sinks(sinks(out, info, labels))
                .stats(stats)
                .build()
                .run();
        deleteTree(out);
        report(video, detectorFps, stats);
        return 0;
    }

    private int decodedCount;

    private List<dev.vigia.pipeline.Stage> sinks(Path out, dev.vigia.pipeline.source.SourceInfo info, LabelMap labels) {
        List<dev.vigia.pipeline.Stage> sinks = new ArrayList<>(List.of(new MotSink(out.resolve("bench.mot.txt")),
                new JsonLinesSink(out.resolve("bench.jsonl"), labels), new TrackSummarySink(out.resolve("bench.tracks.csv"), labels)));
        if (!noVideo) {
            sinks.add(new Mp4Sink(out.resolve("bench.mp4"), info.width(), info.height(), info.fps()));
        }
        return sinks;
    }

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

    private void report(Path video, double detectorFps, PipelineStats stats) throws Exception {
        double pipelineFps = stats.fps();
        double ratio = pipelineFps / detectorFps;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("source", video.toString()).put("detector", detector).put("frames", decodedCount).put("video", !noVideo)
                    .put("detector_fps", round(detectorFps)).put("pipeline_fps", round(pipelineFps)).put("ratio", round(ratio));
            root.set("pipeline", stats.toJson());
            out.println(new ObjectMapper().writeValueAsString(root));
            return;
        }
        out.printf(Locale.ROOT, "%s on %s, %d frames%n", detector, video.getFileName(), decodedCount);
        out.printf(Locale.ROOT, "detector only   %7.2f fps%n", detectorFps);
        out.printf(Locale.ROOT, "full pipeline   %7.2f fps%n", pipelineFps);
        out.printf(Locale.ROOT, "ratio           %7.3f%n", ratio);
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
