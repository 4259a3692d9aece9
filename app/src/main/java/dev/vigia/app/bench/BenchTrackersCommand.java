package dev.vigia.app.bench;

import dev.vigia.config.UserError;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.eval.TrackerComparison;
import dev.vigia.pipeline.track.Trackers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trackers compared on videos: the same detections and images for each, each tracker's update timed. */
@Command(name = "trackers", mixinStandardHelpOptions = true,
        description = {"Track videos with several trackers on the same detections (one detector run per frame),",
                "write OUT/LABEL/SEQ.txt for `vigia eval mot --gt ... --pred OUT/LABEL`, and print each tracker's",
                "update time per frame against the first's. A video DIR/SEQ/video.mp4 (`vigia scenes make`) is named SEQ."})
final class BenchTrackersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "VIDEO", description = "Videos to track (repeatable).")
    List<Path> sources;

    @Option(names = "--tracker", required = true, paramLabel = "NAME[:k=v,...]",
            description = "Trackers, each with its parameters, e.g. botsort and botsort:reid=true (repeatable).")
    List<String> trackers;

    @Option(names = "--detector", defaultValue = "nanodet", paramLabel = "ID", description = "Detector (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the result files.")
    Path out;

    @Option(names = "--max-frames", defaultValue = "0", paramLabel = "N", description = "Frames per video (default: all).")
    int maxFrames;

    @Override
    public Integer call() {
        Map<String, String> specs = new LinkedHashMap<>();
        for (String tracker : trackers) {
            specs.put(tracker.replace(':', '+').replace(',', '+'), tracker);
        }
        PrintWriter print = spec.commandLine().getOut();
        String firstTracker = trackers.get(0);
        float score = Trackers.detectionScore(firstTracker.indexOf(':') >= 0
                ? firstTracker.substring(0, firstTracker.indexOf(':')) : firstTracker);
        double[] totalMillis = new double[specs.size()];
        double detectMillis = 0;
        int totalFrames = 0;
        try (Detector model = Detectors.open(ModelStore.standard(), detector, new DetectorOptions(score, DeviceChoice.AUTO))) {
            for (Path source : sources) {
                List<TrackerComparison.Entry> entries = new ArrayList<>();
                specs.forEach((label, text) -> entries.add(new TrackerComparison.Entry(label, tracker(text))));
                String sequence = source.getFileName().toString().startsWith("video.") && source.toAbsolutePath().getParent() != null
                        ? source.toAbsolutePath().getParent().getFileName().toString()
                        : source.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                List<TrackerComparison.Result> results = TrackerComparison.run(source, sequence, model, entries, out, maxFrames);
                for (int i = 0; i < results.size(); i++) {
                    totalMillis[i] += results.get(i).updateMillisPerFrame() * results.get(i).frames();
                }
                totalFrames += results.get(0).frames();
                detectMillis += results.get(0).detectMillisPerFrame() * results.get(0).frames();
                print.printf(Locale.ROOT, "%s: %d frames%n", sequence, results.get(0).frames());
            }
        }
        print.printf(Locale.ROOT, "detector %s: %.2f ms/frame over %d frames%n", detector, totalFrames == 0 ? 0 : detectMillis / totalFrames,
                totalFrames);
        print.printf(Locale.ROOT, "%-40s %14s %10s%n", "tracker", "update ms/frame", "x first");
        int i = 0;
        for (String label : specs.keySet()) {
            double perFrame = totalFrames == 0 ? 0 : totalMillis[i] / totalFrames;
            double first = totalFrames == 0 ? 0 : totalMillis[0] / totalFrames;
            print.printf(Locale.ROOT, "%-40s %14.3f %10.2f%n", label, perFrame, first > 0 ? perFrame / first : 0);
            i++;
        }
        return 0;
    }

    /** {@code NAME} or {@code NAME:k=v,k=v}. */
    private static dev.vigia.pipeline.track.Tracker tracker(String text) {
        int colon = text.indexOf(':');
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String pair : text.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new UserError("--tracker " + text + ": '" + pair + "' is not key=value");
                }
                params.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return Trackers.create(colon >= 0 ? text.substring(0, colon) : text, params);
    }
}
