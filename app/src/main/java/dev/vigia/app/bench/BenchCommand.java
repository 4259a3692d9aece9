package dev.vigia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.app.common.Images;
import dev.vigia.app.common.PrecisionFlag;
import dev.vigia.app.common.PrecisionOption;
import dev.vigia.app.common.TrustModelOption;
import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.measure.Percentiles;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.precision.DetectorPrecision;
import dev.vigia.samples.SampleMedia;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure speed.",
        subcommands = {BenchCommand.Detect.class, BenchPipelineCommand.class, BenchTrackCommand.class, BenchTrackersCommand.class, BenchNmsCommand.class,
            BenchEvalCommand.class, BenchCompareCommand.class, BenchUpscaleCommand.class, BenchMotionCommand.class, BenchRegionsCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "detect", mixinStandardHelpOptions = true,
            description = "Time a detector's preprocess, inference and postprocess phases on one image.")
    static final class Detect implements Callable<Integer> {

        private static final String[] PHASES = {"preprocess", "inference", "postprocess", "total"};

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "IMAGE", description = "Image (default: the sample dog.jpg).")
        Path image;

        @Option(names = "--detector", defaultValue = "nanodet", paramLabel = "ID")
        String detector;

        @Mixin
        TrustModelOption trustModel;

        @Option(names = "--runs", defaultValue = "30", paramLabel = "N", description = "Timed runs (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--warmup", defaultValue = "5", paramLabel = "N", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu")
        String device;

        @Option(names = "--json", description = "Print the figures as one JSON object.")
        boolean json;

        @Mixin
        PrecisionOption precision;

        private PrecisionDecision decision;

        @Override
        public Integer call() throws Exception {
            if (runs < 1 || warmup < 0) {
                throw new UserError("--runs must be at least 1 and --warmup at least 0");
            }
            Path input = image != null ? image : SampleMedia.standard().file("dog.jpg");
            Mat frame = Images.read(input);
            long[][] nanos = new long[PHASES.length][runs];
            String deviceName;
            DetectorOptions options = new DetectorOptions(DetectorOptions.DEFAULT_SCORE, DeviceChoice.parse(device))
                    .withPrecision(precision.asked());
            try (DetectorPrecision.Loaded loaded = DetectorPrecision.load(ModelStore.standard(), trustModel.detector(detector), options);
                    Detector model = loaded.model().newDetector()) {
                decision = loaded.decision();
                Detections detections = new Detections();
                for (int i = 0; i < warmup; i++) {
                    model.detect(frame, detections);
                }
                for (int i = 0; i < runs; i++) {
                    model.detect(frame, detections);
                    nanos[0][i] = detections.preprocessNanos();
                    nanos[1][i] = detections.inferenceNanos();
                    nanos[2][i] = detections.postprocessNanos();
                    nanos[3][i] = nanos[0][i] + nanos[1][i] + nanos[2][i];
                }
                deviceName = DeviceChoice.parse(device) == DeviceChoice.CPU ? "cpu"
                        : dev.vigia.models.engine.TensorFlowEngine.device(DeviceChoice.parse(device)).toString();
            }
            report(input, frame, nanos, deviceName);
            return 0;
        }

        private void report(Path input, Mat frame, long[][] nanos, String deviceName) throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            double[] medians = new double[PHASES.length];
            double[] p95s = new double[PHASES.length];
            for (int p = 0; p < PHASES.length; p++) {
                medians[p] = Percentiles.nearestRank(nanos[p], 50) / 1e6;
                p95s[p] = Percentiles.nearestRank(nanos[p], 95) / 1e6;
            }
            double ratio = medians[0] / medians[1];
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode root = mapper.createObjectNode();
                root.put("detector", detector).put("image", input.toString()).put("device", deviceName)
                        .put("runs", runs).put("warmup", warmup);
                PrecisionFlag.put(root, decision);
                ObjectNode phases = root.putObject("phases");
                for (int p = 0; p < PHASES.length; p++) {
                    phases.putObject(PHASES[p]).put("median_ms", medians[p]).put("p95_ms", p95s[p]);
                }
                root.put("preprocess_to_inference", ratio);
                out.println(mapper.writeValueAsString(root));
                return;
            }
            out.printf(Locale.ROOT, "%s on %s (%dx%d), %d runs after %d warm-up, device %s%n", detector,
                    input.getFileName(), frame.cols(), frame.rows(), runs, warmup, deviceName);
            out.println("precision " + decision);
            out.printf(Locale.ROOT, "%-12s %10s %10s%n", "phase", "median ms", "p95 ms");
            for (int p = 0; p < PHASES.length; p++) {
                out.printf(Locale.ROOT, "%-12s %10.2f %10.2f%n", PHASES[p], medians[p], p95s[p]);
            }
            out.printf(Locale.ROOT, "preprocess / inference (medians): %.3f%n", ratio);
        }
    }
}
