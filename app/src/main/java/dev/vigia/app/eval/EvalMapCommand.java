package dev.vigia.app.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.models.eval.CocoEvaluator;
import dev.vigia.models.eval.Dataset;
import dev.vigia.models.eval.DetectionFiles;
import dev.vigia.models.eval.VocEvaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "map", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Detection mAP: COCO exactly as pycocotools' COCOeval (bbox), or Pascal VOC AP (11-point VOC2007",
                "or all-point VOC2010+) at --iou. Formats are recognised from the files: COCO ground truth + results",
                "JSON; a folder of VOC XML; a folder of YOLO labels (with --images and --names); folders of",
                "'class left top width height' text files (detections 'class confidence left top width height')."})
final class EvalMapCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--gt", required = true, paramLabel = "GT", description = "Ground truth: a COCO .json file or a folder of labels.")
    Path gt;

    @Option(names = "--pred", required = true, paramLabel = "PRED", description = "Detections: a COCO results .json or a folder.")
    Path pred;

    @Option(names = "--metric", defaultValue = "coco", paramLabel = "coco|voc07|voc",
            description = "coco (12 numbers, default), voc07 (11-point AP at --iou) or voc (all-point AP at --iou).")
    String metric;

    @Option(names = "--iou", defaultValue = "0.5", paramLabel = "T", description = "IoU threshold of the VOC metrics (default: 0.5).")
    double iou;

    @Option(names = "--continuous", description = "VOC IoU on continuous boxes instead of the devkit's pixel-inclusive (+1) boxes.")
    boolean continuous;

    @Option(names = "--format", paramLabel = "coco|voc|yolo|text", description = "The files' format (default: recognised).")
    String format;

    @Option(names = "--images", paramLabel = "DIR", description = "The images of YOLO labels (their sizes turn labels into pixels).")
    Path images;

    @Option(names = "--names", paramLabel = "FILE", description = "Class names of YOLO labels, one per line in class order.")
    Path names;

    @Option(names = "--json", description = "Print one JSON object: {\"metric\", \"stats\" | \"mAP\", \"per_class\"}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!(iou > 0 && iou < 1)) {
            throw new UserError("--iou must be between 0 and 1, got " + iou);
        }
        DetectionFiles.Format chosen = format == null ? null : parseFormat(format);
        Dataset data = DetectionFiles.read(gt, pred, new DetectionFiles.Options(chosen, images, names));
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        switch (metric.toLowerCase(Locale.ROOT)) {
            case "coco" -> {
                CocoEvaluator.Result result = CocoEvaluator.evaluate(data);
                root.put("metric", "coco");
                ObjectNode stats = root.putObject("stats");
                result.stats().forEach(stats::put);
                putPerClass(root, result.perClass());
                if (!json) {
                    result.stats().forEach((name, value) -> out.printf(Locale.ROOT, "%-9s %.4f%n", name, value));
                    printPerClass(out, result.perClass(), "AP", "AP50");
                }
            }
            case "voc07", "voc" -> {
                VocEvaluator.Interpolation interpolation = metric.equalsIgnoreCase("voc07")
                        ? VocEvaluator.Interpolation.ELEVEN_POINT : VocEvaluator.Interpolation.ALL_POINT;
                VocEvaluator.Result result = VocEvaluator.evaluate(data, iou, interpolation, !continuous);
                root.put("metric", metric.toLowerCase(Locale.ROOT));
                root.put("iou", iou);
                root.put("mAP", result.mean());
                putPerClass(root, result.perClass());
                if (!json) {
                    out.printf(Locale.ROOT, "mAP@%.2f (%s) %.4f%n", iou, metric, result.mean());
                    printPerClass(out, result.perClass(), "AP", "ground_truth", "detections");
                }
            }
            default -> throw new UserError("Unknown --metric '" + metric + "'; use coco, voc07 or voc");
        }
        if (json) {
            out.println(mapper.writeValueAsString(root));
        }
        return 0;
    }

    private static DetectionFiles.Format parseFormat(String name) {
        try {
            return DetectionFiles.Format.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("Unknown --format '" + name + "'; use coco, voc, yolo or text");
        }
    }

    private static void putPerClass(ObjectNode root, Map<String, Map<String, Double>> perClass) {
        ObjectNode classes = root.putObject("per_class");
        perClass.forEach((name, values) -> {
            ObjectNode row = classes.putObject(name);
            values.forEach((key, value) -> {
                if (value == Math.rint(value) && !key.startsWith("AP")) {
                    row.put(key, value.longValue());
                } else {
                    row.put(key, value);
                }
            });
        });
    }

    private static void printPerClass(PrintWriter out, Map<String, Map<String, Double>> perClass, String... columns) {
        out.println();
        out.printf(Locale.ROOT, "%-20s", "class");
        for (String column : columns) {
            out.printf(Locale.ROOT, " %12s", column);
        }
        out.println();
        perClass.forEach((name, values) -> {
            out.printf(Locale.ROOT, "%-20s", name.length() > 20 ? name.substring(0, 20) : name);
            for (String column : columns) {
                double v = values.get(column);
                out.printf(Locale.ROOT, column.startsWith("AP") ? " %12.4f" : " %12.0f", v);
            }
            out.println();
        });
    }
}
