package dev.vigia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.nms.Suppressor;
import dev.vigia.models.nms.Suppressors;
import dev.vigia.pipeline.bench.NmsBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
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
        Detections input = boxes != null ? NmsBenchmark.readBoxes(boxes) : random != null ? NmsBenchmark.randomBoxes(random) : null;
        if (input == null) {
            throw new UserError("Give --boxes FILE or --random N");
        }
        Suppressor suppressor = Suppressors.create(method, iou, classAware, Integer.MAX_VALUE, Integer.MAX_VALUE);
        NmsBenchmark.Result timed = NmsBenchmark.run(input, suppressor, iou, runs);
        Detections result = timed.kept();
        int[] opencvKeep = timed.opencvKeep();
        double opencvMs = timed.opencvMs();
        double ms = timed.ms();
        PrintWriter out = spec.commandLine().getOut();
        int[] keep = timed.keep();
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
}
