package dev.vigia.pipeline.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Evaluates tracker results against ground truth with TrackEval's definitions and names: HOTA,
 * CLEAR and Identity metrics per sequence and COMBINED (sums, with HOTA's association scores
 * weighted by true positives); for files and folders, also the re-entries given their old id
 * ({@link ReentryMetrics}: {@code Reentries}, {@code ReentriesKept}, {@code Reentries5s},
 * {@code Reentries5sKept}), timed by the sequence's {@code seqinfo.ini}.
 */
public final class MotEvaluation {

    public static final String COMBINED = "COMBINED";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MotEvaluation() {}

    /**
     * Files or MOTChallenge folders: a ground-truth folder holds {@code SEQ/gt/gt.txt}, a results
     * folder {@code SEQ.txt}; a sequence in the ground truth without results is an error.
     *
     * @return metric values by sequence name, in name order, then {@link #COMBINED}
     */
    public static Map<String, Map<String, Double>> evaluate(Path gt, Path predictions) {
        return evaluate(gt, predictions, null);
    }

    /**
     * As {@link #evaluate(Path, Path)}, preparing sequences as TrackEval does for {@code benchmark}
     * (null: MOT15 when the ground truth has no classes, MOT17 when it has).
     */
    public static Map<String, Map<String, Double>> evaluate(Path gt, Path predictions, MotBenchmark benchmark) {
        Map<String, Path[]> pairs = pairs(gt, predictions);
        ClearMetrics clear = new ClearMetrics();
        IdentityMetrics identity = new IdentityMetrics();
        HotaMetrics hota = new HotaMetrics();
        ClearMetrics.Counts clearTotal = new ClearMetrics.Counts();
        IdentityMetrics.Counts identityTotal = new IdentityMetrics.Counts();
        HotaMetrics.Counts hotaTotal = new HotaMetrics.Counts();
        ReentryMetrics reentry = new ReentryMetrics();
        ReentryMetrics.Counts reentryTotal = new ReentryMetrics.Counts();
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        for (Map.Entry<String, Path[]> pair : pairs.entrySet()) {
            List<MotFile.Row> gtRows = MotFile.read(pair.getValue()[0]);
            SequenceData data = prepare(gtRows, MotFile.read(pair.getValue()[1]), benchmark,
                    pair.getValue()[0].toString(), pair.getValue()[1].toString());
            ClearMetrics.Counts c = clear.evaluate(data);
            IdentityMetrics.Counts i = identity.evaluate(data);
            HotaMetrics.Counts h = hota.evaluate(data);
            ReentryMetrics.Counts r = reentry.evaluate(data.prepared, frameRate(pair.getValue()[0]));
            results.put(pair.getKey(), merge(HotaMetrics.finals(h), ClearMetrics.finals(c), IdentityMetrics.finals(i),
                    ReentryMetrics.finals(r)));
            clearTotal.add(c);
            identityTotal.add(i);
            hotaTotal.add(h);
            reentryTotal.add(r);
        }
        results.put(COMBINED, merge(HotaMetrics.finals(hotaTotal), ClearMetrics.finals(clearTotal),
                IdentityMetrics.finals(identityTotal), ReentryMetrics.finals(reentryTotal)));
        return results;
    }

    /**
     * The metrics of one sequence held in memory, as {@link #evaluate(Path, Path, MotBenchmark)}
     * computes them for a file pair; {@code gtName} and {@code predName} are what errors call them.
     */
    public static Map<String, Double> evaluate(List<MotFile.Row> gt, List<MotFile.Row> predictions, MotBenchmark benchmark,
            String gtName, String predName) {
        SequenceData data = prepare(gt, predictions, benchmark, gtName, predName);
        return merge(HotaMetrics.finals(new HotaMetrics().evaluate(data)), ClearMetrics.finals(new ClearMetrics().evaluate(data)),
                IdentityMetrics.finals(new IdentityMetrics().evaluate(data)));
    }

    private static SequenceData prepare(List<MotFile.Row> gt, List<MotFile.Row> predictions, MotBenchmark benchmark,
            String gtName, String predName) {
        return new SequenceData(gt, predictions, benchmark != null ? benchmark : MotBenchmark.detect(gt), gtName, predName);
    }

    /** Frame rates outside this are taken for a typo in seqinfo.ini. */
    private static final double MAX_FPS = 1000;

    /**
     * The frame rate that {@code seqinfo.ini} of the sequence folder holding {@code gtFile}
     * ({@code SEQ/gt/gt.txt}) declares ({@code frameRate=}), or {@link #DEFAULT_FPS} where there
     * is none or it cannot be read.
     */
    static double frameRate(Path gtFile) {
        Path gtFolder = gtFile.toAbsolutePath().getParent();
        Path info = gtFolder == null || gtFolder.getParent() == null ? null : gtFolder.getParent().resolve("seqinfo.ini");
        try {
            if (info == null || !Files.isRegularFile(info) || Files.size(info) > 64 * 1024) {
                return DEFAULT_FPS;
            }
            for (String line : Files.readAllLines(info)) {
                String[] kv = line.split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("frameRate")) {
                    double fps = Double.parseDouble(kv[1].strip());
                    return fps > 0 && fps <= MAX_FPS ? fps : DEFAULT_FPS;
                }
            }
        } catch (IOException | NumberFormatException | java.io.UncheckedIOException e) {
            // A damaged seqinfo.ini does not stop the evaluation; the re-entries are timed at the default rate.
        }
        return DEFAULT_FPS;
    }

    /** The frame rate assumed for ground truth without a seqinfo.ini (MOTChallenge's most common). */
    public static final double DEFAULT_FPS = 30;

    @SafeVarargs
    private static Map<String, Double> merge(Map<String, Double>... parts) {
        Map<String, Double> all = new LinkedHashMap<>();
        for (Map<String, Double> part : parts) {
            all.putAll(part);
        }
        return all;
    }

    private static Map<String, Path[]> pairs(Path gt, Path predictions) {
        if (!Files.exists(gt)) {
            throw new UserError("Ground truth " + gt + " does not exist");
        }
        if (!Files.exists(predictions)) {
            throw new UserError("Tracker results " + predictions + " do not exist");
        }
        Map<String, Path[]> pairs = new TreeMap<>();
        if (Files.isRegularFile(gt)) {
            if (!Files.isRegularFile(predictions)) {
                throw new UserError("Ground truth " + gt + " is a file, so the results must be a file too, not " + predictions);
            }
            pairs.put(predictions.getFileName().toString(), new Path[] {gt, predictions});
            return pairs;
        }
        try (Stream<Path> sequences = Files.list(gt)) {
            for (Path sequence : sequences.filter(Files::isDirectory).toList()) {
                Path gtFile = sequence.resolve("gt").resolve("gt.txt");
                if (!Files.isRegularFile(gtFile)) {
                    continue;
                }
                String name = sequence.getFileName().toString();
                Path result = predictions.resolve(name + ".txt");
                if (!Files.isRegularFile(result)) {
                    throw new UserError("No results for sequence " + name + ": expected " + result);
                }
                pairs.put(name, new Path[] {gtFile, result});
            }
        } catch (IOException e) {
            throw new UserError("Cannot list " + gt + ": " + e.getMessage());
        }
        if (pairs.isEmpty()) {
            throw new UserError(gt + " holds no MOTChallenge sequences (SEQ/gt/gt.txt)");
        }
        return pairs;
    }

    /** The metrics that count things (matches, misses, switches, tracks, re-entries): whole numbers, not rates. */
    private static final Set<String> COUNTS = Set.of("CLR_TP", "CLR_FN", "CLR_FP", "IDSW", "MT", "PT", "ML", "Frag", "IDTP", "IDFN",
            "IDFP", "Reentries", "ReentriesKept", "Reentries5s", "Reentries5sKept");

    /** Whether the metric counts things (CLR_TP, IDSW, MT, Reentries...) rather than being a rate or a score. */
    public static boolean isCount(String metric) {
        return COUNTS.contains(metric);
    }

    /**
     * {@code {"sequences": {NAME: {METRIC: value}}, "COMBINED": {METRIC: value}}} for what
     * {@link #evaluate(Path, Path, MotBenchmark)} returns; counts that are whole numbers are written as integers.
     */
    public static ObjectNode toJson(Map<String, Map<String, Double>> results) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode sequences = root.putObject("sequences");
        results.forEach((name, metrics) -> {
            ObjectNode node = name.equals(COMBINED) ? root.putObject(name) : sequences.putObject(name);
            metrics.forEach((metric, value) -> {
                if (value == Math.rint(value) && isCount(metric)) {
                    node.put(metric, value.longValue());
                } else {
                    node.put(metric, value);
                }
            });
        });
        return root;
    }

    /** Metric names in the order tables show them. */
    public static List<String> metricNames() {
        return List.of("HOTA", "DetA", "AssA", "DetRe", "DetPr", "AssRe", "AssPr", "LocA", "HOTA(0)", "LocA(0)",
                "MOTA", "MOTP", "MODA", "CLR_Re", "CLR_Pr", "MTR", "PTR", "MLR", "sMOTA", "CLR_TP", "CLR_FN", "CLR_FP",
                "IDSW", "MT", "PT", "ML", "Frag", "IDF1", "IDR", "IDP", "IDTP", "IDFN", "IDFP");
    }
}
