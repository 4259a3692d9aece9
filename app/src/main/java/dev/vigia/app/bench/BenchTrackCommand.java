package dev.vigia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.measure.Percentiles;
import dev.vigia.pipeline.track.FrameInfo;
import dev.vigia.pipeline.track.Tracker;
import dev.vigia.pipeline.track.Trackers;
import dev.vigia.pipeline.track.Tracks;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Per-frame tracker update time at several crowd sizes. Objects walk at constant speed over a
 * field large enough that their boxes rarely overlap, with jittered boxes and scores (seeded, so
 * every tracker sees the same frames); only {@code update} is timed.
 */
@Command(name = "track", mixinStandardHelpOptions = true,
        description = "Time each tracker's per-frame update at 10, 100 and 1000 detections per frame.")
final class BenchTrackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tracker", paramLabel = "NAME", split = ",", description = "Trackers to time (default: all).")
    List<String> trackers;

    @Option(names = "--sizes", paramLabel = "N", split = ",", defaultValue = "10,100,1000", description = "Detections per frame (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--frames", defaultValue = "100", paramLabel = "N", description = "Timed frames per run, after 10 warm-up frames (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (frames < 1) {
            throw new UserError("--frames must be at least 1");
        }
        List<String> names = trackers == null ? Trackers.names() : trackers;
        ObjectNode root = new ObjectMapper().createObjectNode();
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf(Locale.ROOT, "%-10s %8s %12s %12s %16s%n", "tracker", "dets", "median ms", "p95 ms", "bytes/update");
        }
        for (String name : names) {
            ObjectNode byTracker = root.putObject(name);
            for (int size : sizes) {
                double[] ms = time(Trackers.create(name, Map.of()), size);
                double bytesPerUpdate = lastAllocatedBytes / (double) frames;
                double median = Percentiles.upperMedian(ms);
                double p95 = Percentiles.nearestRank(ms, 95);
                byTracker.putObject(Integer.toString(size)).put("median_ms", median).put("p95_ms", p95)
                        .put("bytes_per_update", Math.round(bytesPerUpdate));
                if (!json) {
                    out.printf(Locale.ROOT, "%-10s %8d %12.3f %12.3f %16.0f%n", name, size, median, p95, bytesPerUpdate);
                }
            }
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(root));
        }
        return 0;
    }

    private double[] time(Tracker tracker, int objects) {
        Random random = new Random(7);
        int side = (int) Math.ceil(Math.sqrt(objects));
        double[][] walkers = new double[objects][];
        for (int i = 0; i < objects; i++) {
            walkers[i] = new double[] {(i % side) * 120.0 + 20, (i / side) * 200.0 + 20, random.nextGaussian(), random.nextGaussian()};
        }
        Detections detections = new Detections(objects);
        Tracks tracks = new Tracks();
        double[] ms = new double[frames];
        long allocatedBytes = 0;
        for (int f = -10; f < frames; f++) {
            detections.clear();
            for (double[] w : walkers) {
                w[0] += w[2];
                w[1] += w[3];
                float jitterX = (float) random.nextGaussian();
                float jitterY = (float) random.nextGaussian();
                detections.add((float) w[0] + jitterX, (float) w[1] + jitterY, (float) w[0] + 40 + jitterX,
                        (float) w[1] + 80 + jitterY, 0.3f + 0.7f * random.nextFloat(), 0);
            }
            FrameInfo frame = new FrameInfo(f + 10, 0, 30, 0, 0);
            long allocatedBefore = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            long start = System.nanoTime();
            tracker.update(detections, frame, tracks);
            long elapsed = System.nanoTime() - start;
            long allocated = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocatedBefore;
            if (f >= 0) {
                ms[f] = elapsed / 1e6;
                allocatedBytes += allocated;
            }
        }
        lastAllocatedBytes = allocatedBytes;
        return ms;
    }

    /** The JVM's count of bytes each thread allocated: what an update allocates, measured, not assumed. */
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    private long lastAllocatedBytes;
}
