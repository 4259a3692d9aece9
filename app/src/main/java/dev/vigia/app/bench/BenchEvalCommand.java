package dev.vigia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.UserError;
import dev.vigia.models.eval.CocoEvaluator;
import dev.vigia.models.eval.CocoJson;
import dev.vigia.models.eval.Dataset;
import dev.vigia.models.eval.SyntheticCocoSet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Time 'vigia eval map' (COCO) on a seeded set the size of COCO val2017: 5000 images, about",
                "36 000 boxes and 500 000 detections, read from JSON and evaluated, best of --runs. It times Vigía only:",
                "a speed-up needs pycocotools timed on the same set and machine."})
final class BenchEvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--images", defaultValue = "5000", paramLabel = "N", description = "Images in the synthetic set (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "2017", paramLabel = "S")
    long seed;

    @Option(names = "--json", description = "Print {\"images\", \"boxes\", \"detections\", \"read_s\", \"evaluate_s\", \"total_s\", \"AP\"}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || runs < 1) {
            throw new UserError("--images and --runs must be at least 1");
        }
        Path folder = Files.createTempDirectory("vigia-bench-eval");
        try {
            Path gt = folder.resolve("gt.json");
            Path results = folder.resolve("results.json");
            SyntheticCocoSet.Written set = SyntheticCocoSet.write(gt, results, images, seed);
            double bestRead = Double.MAX_VALUE;
            double bestEvaluate = Double.MAX_VALUE;
            double ap = 0;
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                Dataset data = CocoJson.read(gt, results);
                long read = System.nanoTime();
                ap = CocoEvaluator.evaluate(data).stats().get("AP");
                long end = System.nanoTime();
                if ((end - start) / 1e9 < bestRead + bestEvaluate) {
                    bestRead = (read - start) / 1e9;
                    bestEvaluate = (end - read) / 1e9;
                }
            }
            double total = bestRead + bestEvaluate;
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode root = new ObjectMapper().createObjectNode();
                root.put("images", set.images()).put("boxes", set.boxes()).put("detections", set.detections())
                        .put("read_s", bestRead).put("evaluate_s", bestEvaluate).put("total_s", total).put("AP", ap);
                out.println(root);
            } else {
                out.printf(Locale.ROOT, "%d images, %d boxes, %d detections: read %.2f s + evaluate %.2f s = %.2f s (AP %.4f)%n",
                        set.images(), set.boxes(), set.detections(), bestRead, bestEvaluate, total, ap);
            }
            return 0;
        } finally {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(folder);
        }
    }
}
