package dev.vigia.pipeline.bench;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.measure.Percentiles;
import dev.vigia.models.nms.Suppressor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_core.Rect2d;
import org.bytedeco.opencv.opencv_core.Rect2dVector;

/**
 * Our NMS against OpenCV's {@code NMSBoxes} on the same boxes in one run. Each side runs
 * {@link #WARMUP} untimed times first, so the JIT has compiled our loop before it is timed, then
 * {@code runs} timed times; each figure is the upper median of its timed runs.
 */
public final class NmsBenchmark {

    /** Untimed runs before the timed ones, on each side. */
    public static final int WARMUP = 30;

    /**
     * @param kept the boxes our suppressor kept (with their new scores, for soft-NMS)
     * @param keep the input positions of {@code kept}
     * @param ms our median time per run
     * @param opencvKeep the input positions OpenCV kept (greedy, class-blind)
     * @param opencvMs OpenCV's median time per run
     */
    public record Result(Detections kept, int[] keep, double ms, int[] opencvKeep, double opencvMs) {}

    private NmsBenchmark() {}

    /** Times {@code suppressor} and OpenCV's {@code NMSBoxes} at {@code iou} on {@code input}, {@code runs} times each. */
    public static Result run(Detections input, Suppressor suppressor, float iou, int runs) {
        Detections kept = new Detections(input.size());
        double[] ours = new double[runs];
        for (int r = -WARMUP; r < runs; r++) {
            copy(input, kept);
            long start = System.nanoTime();
            suppressor.apply(kept);
            if (r >= 0) {
                ours[r] = (System.nanoTime() - start) / 1e6;
            }
        }
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
            int[] opencvKeep = new int[(int) indices.limit()];
            indices.get(opencvKeep);
            return new Result(kept, keptPositions(input, kept), Percentiles.upperMedian(ours), opencvKeep,
                    Percentiles.upperMedian(times));
        }
    }

    /** A boxes file: one box a line, {@code x1 y1 x2 y2 score [class]}, split by spaces or commas; blank lines skipped. */
    public static Detections readBoxes(Path file) throws IOException {
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

    /** {@code n} boxes 20 to 140 pixels wide and high over a 1920x1080 frame, 5 classes, always the same for one n. */
    public static Detections randomBoxes(int n) {
        Random random = new Random(11);
        Detections d = new Detections(n);
        for (int i = 0; i < n; i++) {
            float x = random.nextFloat() * 1800;
            float y = random.nextFloat() * 1000;
            d.add(x, y, x + 20 + random.nextFloat() * 120, y + 20 + random.nextFloat() * 120, random.nextFloat(), random.nextInt(5));
        }
        return d;
    }

    /** Input positions of the kept boxes, found by coordinates and class (NMS never moves a box). */
    private static int[] keptPositions(Detections input, Detections kept) {
        Map<String, ArrayDeque<Integer>> positions = new HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            positions.computeIfAbsent(key(input, i), k -> new ArrayDeque<>()).add(i);
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
}
