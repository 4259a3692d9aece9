package dev.vigia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.pipeline.Engine;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.SourceSpec;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.motion.MotionConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Motion-gated detection against detection on every frame, on one video in one run: the two
 * alternate for {@code --rounds} rounds (plain first in odd rounds, gated first in even ones), so
 * a machine that slows down or speeds up mid-run weighs on both. Reported per run: detections,
 * detections a second, frames a second, and the tracks seen in 10 frames or more; then the gated
 * run's ratios to the plain one of the same round.
 */
@Command(name = "motion", mixinStandardHelpOptions = true,
        description = "Compare tracking with and without --motion on one video: detections, fps and tracks, in the same run.")
final class BenchMotionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchVideoOption source;

    @Option(names = "--frames", defaultValue = "0", paramLabel = "N", description = "Frames per run (default: the whole file).")
    long frames;

    @Option(names = "--rounds", defaultValue = "2", paramLabel = "N", description = "Rounds of one plain and one gated run (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--json", description = "Print the runs and ratios as JSON.")
    boolean json;

    /** One run's figures. */
    private record Run(boolean gated, long detections, double seconds, double fps, long tracks) {
        double detectionsPerSecond() {
            return seconds > 0 ? detections / seconds : 0;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rounds > 10) {
            throw new UserError("--rounds must be 1 to 10, got " + rounds);
        }
        if (frames < 0) {
            throw new UserError("--frames must be 0 (the whole file) or more, got " + frames);
        }
        Path video = source.video();
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("source", video.toString());
        ArrayNode list = root.putArray("rounds");
        PrintWriter out = spec.commandLine().getOut();
        for (int round = 1; round <= rounds; round++) {
            boolean gatedFirst = round % 2 == 0;
            Run first = run(video, gatedFirst);
            Run second = run(video, !gatedFirst);
            Run plain = gatedFirst ? second : first;
            Run gated = gatedFirst ? first : second;
            double detectionRatio = plain.detections() > 0 ? gated.detections() / (double) plain.detections() : 0;
            double fpsRatio = plain.fps() > 0 ? gated.fps() / plain.fps() : 0;
            ObjectNode node = list.addObject();
            node.set("plain", json(plain));
            node.set("motion", json(gated));
            node.put("detections_ratio", round3(detectionRatio));
            node.put("fps_ratio", round3(fpsRatio));
            if (!json) {
                out.printf(Locale.ROOT, "round %d: plain %d detections, %.2f/s, %.1f fps, %d tracks; --motion %d detections, %.2f/s, "
                        + "%.1f fps, %d tracks; ratios: detections %.3f, fps %.3f%n", round,
                        plain.detections(), plain.detectionsPerSecond(), plain.fps(), plain.tracks(),
                        gated.detections(), gated.detectionsPerSecond(), gated.fps(), gated.tracks(), detectionRatio, fpsRatio);
            }
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(root));
        }
        return 0;
    }

    private Run run(Path video, boolean gated) {
        Map<Integer, Integer> trackFrames = new HashMap<>();
        long[] detected = {0};
        try (Engine engine = Vigia.engine().source(SourceSpec.of("bench", video.toString()))
                .motion(gated ? MotionConfig.defaults() : null)
                .maxFrames(frames)
                .onFrame(frame -> {
                    if (frame.detected()) {
                        detected[0]++;
                    }
                    for (int i = 0; i < frame.tracks().size(); i++) {
                        trackFrames.merge(frame.tracks().id(i), 1, Integer::sum);
                    }
                })
                .start()) {
            PipelineStats stats = engine.awaitTermination();
            long tracks = trackFrames.values().stream().filter(n -> n >= 10).count();
            return new Run(gated, detected[0], stats.seconds(), stats.fps(), tracks);
        }
    }

    private static ObjectNode json(Run run) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("detections", run.detections());
        node.put("detections_per_second", round3(run.detectionsPerSecond()));
        node.put("fps", round3(run.fps()));
        node.put("tracks", run.tracks());
        return node;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
