package dev.vigia.pipeline.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The comparison table as people read it ({@code compare.md}, the field's column order first),
 * as a spreadsheet ({@code compare.csv}) and as data ({@code compare.json}). Each file is written
 * to a temporary name and renamed, so a reader never sees half a table.
 */
public final class ComparisonReport {

    private ComparisonReport() {}

    public static void write(Path folder, String dataset, List<ComparisonRun.Row> rows) throws IOException {
        Files.createDirectories(folder);
        replace(folder.resolve("compare.md"), markdown(dataset, rows));
        replace(folder.resolve("compare.csv"), csv(rows));
        replace(folder.resolve("compare.json"), json(dataset, rows));
    }

    static String markdown(String dataset, List<ComparisonRun.Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("Dataset: ").append(dataset).append(". mAP is COCO AP .50:.95 over the classes each detector names; ")
                .append("detections at score >= 0.001 after NMS, at most 100 per image. # Boxes: candidate boxes per image ")
                .append("before NMS at that score. A batch size marked \"1 by 1\" ran its frames one at a time: that model's graph ")
                .append("fixes batch 1.\n\n");
        md.append("| Method | mAP | FPS | batch size | # Boxes | Input resolution | AP50 | VOC07 AP50 | preprocess p50/p95 ms"
                + " | inference p50/p95 ms | decode p50/p95 ms | NMS p50/p95 ms | load s | peak RSS MB | classes |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (ComparisonRun.Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %.0f | %d × %d | %s | %s | %s | %s | %s | %s | %.2f | %.0f | %s |%n",
                    r.detector(), percent(r.ap()), r.fps(), batch(r), r.boxes(), r.inputWidth(), r.inputHeight(), percent(r.ap50()),
                    percent(r.voc07Ap50()), phase(r, "preprocess"), phase(r, "inference"), phase(r, "postprocess"), phase(r, "nms"),
                    r.loadSeconds(),
                    r.peakRssMb(), r.classes().isEmpty() ? "none of the set's" : String.join(", ", r.classes())));
        }
        return md.toString();
    }

    private static String batch(ComparisonRun.Row r) {
        return r.batch() > 1 && !r.oneInference() ? r.batch() + " (1 by 1)" : Integer.toString(r.batch());
    }

    static String csv(List<ComparisonRun.Row> rows) {
        StringBuilder csv = new StringBuilder("detector,batch,one_inference,AP,AP50,voc07_AP50,fps,boxes,input_width,input_height,load_s,peak_rss_mb");
        for (String phase : ComparisonRun.PHASES) {
            csv.append(',').append(phase).append("_p50_ms,").append(phase).append("_p95_ms");
        }
        csv.append('\n');
        for (ComparisonRun.Row r : rows) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%b,%s,%s,%s,%.3f,%.2f,%d,%d,%.3f,%.1f", r.detector(), r.batch(), r.oneInference(),
                    number(r.ap()),
                    number(r.ap50()), number(r.voc07Ap50()), r.fps(), r.boxes(), r.inputWidth(), r.inputHeight(), r.loadSeconds(),
                    r.peakRssMb()));
            for (String phase : ComparisonRun.PHASES) {
                csv.append(String.format(Locale.ROOT, ",%.3f,%.3f", r.latencyMillis().get(phase).get("p50"),
                        r.latencyMillis().get(phase).get("p95")));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    static String json(String dataset, List<ComparisonRun.Row> rows) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("dataset", dataset);
        ArrayNode list = root.putArray("rows");
        for (ComparisonRun.Row r : rows) {
            ObjectNode row = list.addObject();
            row.put("detector", r.detector());
            row.put("batch", r.batch());
            row.put("one_inference", r.oneInference());
            putNumber(row, "AP", r.ap());
            putNumber(row, "AP50", r.ap50());
            putNumber(row, "voc07_AP50", r.voc07Ap50());
            row.put("fps", r.fps());
            ObjectNode latency = row.putObject("latency_ms");
            r.latencyMillis().forEach((phase, values) -> {
                ObjectNode p = latency.putObject(phase);
                values.forEach(p::put);
            });
            row.put("boxes", r.boxes());
            row.putArray("input").add(r.inputWidth()).add(r.inputHeight());
            row.put("load_s", r.loadSeconds());
            putNumber(row, "peak_rss_mb", r.peakRssMb());
            row.put("images", r.images());
            ArrayNode classes = row.putArray("classes");
            r.classes().forEach(classes::add);
        }
        return mapper.writeValueAsString(root) + "\n";
    }

    private static String phase(ComparisonRun.Row r, String phase) {
        return String.format(Locale.ROOT, "%.1f / %.1f", r.latencyMillis().get(phase).get("p50"), r.latencyMillis().get(phase).get("p95"));
    }

    /** AP as the field prints it: percent with one decimal, "n/a" where the set has none of the detector's classes. */
    private static String percent(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * value);
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value);
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    static void replace(Path file, String content) throws IOException {
        Path partial = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".part");
        Files.writeString(partial, content);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
