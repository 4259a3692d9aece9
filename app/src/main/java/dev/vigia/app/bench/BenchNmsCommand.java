package dev.vigia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.measure.Percentiles;
import dev.vigia.models.nms.Suppressor;
import dev.vigia.models.nms.Suppressors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_core.Rect2d;
import org.bytedeco.opencv.opencv_core.Rect2dVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Our NMS on a boxes file (x1 y1 x2 y2 score [class]) or on seeded random boxes, timed against
 * OpenCV's {@code NMSBoxes} on the same boxes in the same run.
 */
@Command(name = "nms", mixinStandardHelpOptions = true,
        description = "Run NMS on a boxes file (x1 y1 x2 y2 score [class]); time it against OpenCV's NMSBoxes.")
final class BenchNmsCommand implements Callable<Integer> {

    /** Untimed runs first, so the JIT has compiled our loop before it is timed. */
    private static final int WARMUP = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--boxes", paramLabel = "FILE", description = "Boxes file, one box a line.")
    Path boxes;

    @Option(names = "--random", paramLabel = "N", description = "Instead of a file: N seeded random boxes.")
    Integer random;

    @Option(names = "--iou", defaultValue = "0.5", paramLabel = "T")
    float iou;

    @Option(names = "--method", defaultValue = "greedy", paramLabel = "greedy|soft-linear|soft-gaussian|diou")
    String method;

    @Option(names = "--class-aware", description = "Only boxes of one class suppress each other (class from the 6th column).")
    boolean classAware;

    @Option(names = "--runs", defaultValue = "20", paramLabel = "N", description = "Timed repetitions; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", description = "Print {\"keep\": [...], \"ms\": ..., \"opencv_ms\": ...} (and \"scores\" for soft-NMS).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Detections input = boxes != null ? read(boxes) : random != null ? randomBoxes(random) : null;
        if (input == null) {
            throw new UserError("Give --boxes FILE or --random N");
        }
        Suppressor suppressor = Suppressors.create(method, iou, classAware, Integer.MAX_VALUE, Integer.MAX_VALUE);
        Detections result = new Detections(input.size());
        double[] ours = new double[runs];
        for (int r = -WARMUP; r < runs; r++) {
            copy(input, result);
            long start = System.nanoTime();
            suppressor.apply(result);
            if (r >= 0) {
                ours[r] = (System.nanoTime() - start) / 1e6;
            }
        }
        double opencvMs = timeOpenCv(input);
        int[] opencvKeep = lastOpenCvKeep;
        double ms = Percentiles.upperMedian(ours);
        PrintWriter out = spec.commandLine().getOut();
        int[] keep = keptPositions(input, result);
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            ArrayNode keepNode = root.putArray("keep");
            Arrays.stream(keep).forEach(keepNode::add);
            root.put("ms", ms).put("opencv_ms", opencvMs).put("boxes", input.size()).put("method", method);
            if (method.equals("greedy") && !classAware) {
                root.put("same_keeps_as_opencv", Arrays.equals(keep, opencvKeep));
            }
            if (method.startsWith("soft")) {
                ArrayNode scores = root.putArray("scores");
                for (int i = 0; i < result.size(); i++) {
                    scores.add(result.score(i));
                }
            }
            out.println(new ObjectMapper().writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "%s NMS on %d boxes at IoU %.2f: kept %d%n", method, input.size(), iou, keep.length);
            out.printf(Locale.ROOT, "ours %.3f ms, OpenCV NMSBoxes %.3f ms (medians of %d), ours/OpenCV %.2f%n",
                    ms, opencvMs, runs, ms / opencvMs);
            if (method.equals("greedy") && !classAware) {
                out.println("same keeps as OpenCV: " + (Arrays.equals(keep, opencvKeep) ? "yes" : "no"));
            }
            out.println("keep: " + Arrays.toString(keep));
        }
        return 0;
    }

    /** Input positions of the kept boxes, found by coordinates and class (NMS never moves a box). */
    private static int[] keptPositions(Detections input, Detections kept) {
        java.util.Map<String, java.util.ArrayDeque<Integer>> positions = new java.util.HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            positions.computeIfAbsent(key(input, i), k -> new java.util.ArrayDeque<>()).add(i);
        }
        int[] result = new int[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            result[i] = positions.get(key(kept, i)).poll();
        }
        return result;
    }

    private static String key(Detections d, int i) {
        return d.x1(i) + "," + d.y1(i) + "," + d.x2(i) + "," + d.y2(i) + "," + d.classId(i);
    }

    private static void copy(Detections from, Detections to) {
        to.clear();
        for (int i = 0; i < from.size(); i++) {
            to.add(from.x1(i), from.y1(i), from.x2(i), from.y2(i), from.score(i), from.classId(i));
        }
    }

    private double timeOpenCv(Detections input) {
        try (Rect2dVector rects = new Rect2dVector(); FloatPointer scores = new FloatPointer(input.size());
                IntPointer indices = new IntPointer()) {
            for (int i = 0; i < input.size(); i++) {
                rects.push_back(new Rect2d(input.x1(i), input.y1(i), input.x2(i) - input.x1(i), input.y2(i) - input.y1(i)));
                scores.put(i, input.score(i));
            }
            double[] times = new double[runs];
            for (int r = -WARMUP; r < runs; r++) {
                long start = System.nanoTime();
                opencv_dnn.NMSBoxes(rects, scores, 0f, iou, indices);
                if (r >= 0) {
                    times[r] = (System.nanoTime() - start) / 1e6;
                }
            }
            lastOpenCvKeep = new int[(int) indices.limit()];
            indices.get(lastOpenCvKeep);
            return Percentiles.upperMedian(times);
        }
    }

    private int[] lastOpenCvKeep = new int[0];

    private static Detections read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError("Boxes file " + file + " does not exist");
        }
        Detections d = new Detections();
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("[\\s,]+");
            if (f.length < 5 || f.length > 6) {
                throw new UserError(file + " line " + (n + 1) + ": expected x1 y1 x2 y2 score [class], got " + f.length + " fields");
            }
            try {
                d.add(Float.parseFloat(f[0]), Float.parseFloat(f[1]), Float.parseFloat(f[2]), Float.parseFloat(f[3]),
                        Float.parseFloat(f[4]), f.length == 6 ? Integer.parseInt(f[5]) : 0);
            } catch (NumberFormatException e) {
                throw new UserError(file + " line " + (n + 1) + ": not a number (" + e.getMessage() + ")");
            }
        }
        return d;
    }

    private static Detections randomBoxes(int n) {
        Random random = new Random(11);
        Detections d = new Detections(n);
        for (int i = 0; i < n; i++) {
            float x = random.nextFloat() * 1800;
            float y = random.nextFloat() * 1000;
            d.add(x, y, x + 20 + random.nextFloat() * 120, y + 20 + random.nextFloat() * 120, random.nextFloat(), random.nextInt(5));
        }
        return d;
    }
}
