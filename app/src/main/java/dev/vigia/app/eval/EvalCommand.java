package dev.vigia.app.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.pipeline.eval.MotBenchmark;
import dev.vigia.pipeline.eval.MotEvaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate results against ground truth.",
        subcommands = {EvalCommand.Mot.class, EvalMapCommand.class, EvalCountCommand.class})
public final class EvalCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "mot", mixinStandardHelpOptions = true,
            description = {"Multi-object tracking metrics with TrackEval's definitions and names:",
                    "HOTA, DetA, AssA, LocA, DetRe, DetPr, AssRe, AssPr; MOTA, MOTP, MODA, IDSW, Frag, MT, PT, ML,",
                    "CLR_TP, CLR_FN, CLR_FP; IDF1, IDP, IDR, IDTP, IDFN, IDFP. IoU on x,y,w,h (no +1), CLEAR and",
                    "Identity threshold 0.5, HOTA averaged over alpha = 0.05 ... 0.95, MOTP = mean IoU of matches.",
                    "Also re-entries given their old id (Reentries, ReentriesKept; Reentries5s, Reentries5sKept): objects",
                    "out of sight (no row, or visibility < 0.1) for >= 2 s (>= 5 s) that come back, timed by SEQ/seqinfo.ini",
                    "(30 fps without one); kept when the id matched after the return is the one matched before."})
    static final class Mot implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--gt", required = true, paramLabel = "GT",
                description = "Ground-truth file, or a MOTChallenge folder of SEQ/gt/gt.txt.")
        Path gt;

        @Option(names = "--pred", required = true, paramLabel = "PRED",
                description = "Result file, or a folder of SEQ.txt.")
        Path pred;

        @Option(names = "--benchmark", paramLabel = "auto|mot15|mot16|mot17|mot20", defaultValue = "auto",
                description = {"How ground truth is prepared, as TrackEval does: mot16/17/20 drop tracker boxes on distractors",
                        "(mot20 also on non-MOT vehicles) and keep only pedestrians; mot15 keeps every row not marked 0.",
                        "auto: mot17 for ground truth of 8 or 9 columns with a class in the 8th (frame,id,x,y,w,h,consider,",
                        "class,visibility); else mot15: no classes, or 10 columns whose 8th-10th are MOT15's world coordinates."})
        String benchmark;

        @Option(names = "--json", description = "Print {\"sequences\": {NAME: {METRIC: value}}, \"COMBINED\": {...}}.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Map<String, Map<String, Double>> results = MotEvaluation.evaluate(gt, pred, MotBenchmark.parse(benchmark));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(MotEvaluation.toJson(results)));
                return 0;
            }
            List<String> names = List.copyOf(results.keySet());
            out.printf(Locale.ROOT, "%-10s", "metric");
            names.forEach(n -> out.printf(Locale.ROOT, " %14s", n.length() > 14 ? n.substring(0, 14) : n));
            out.println();
            for (String metric : MotEvaluation.metricNames()) {
                out.printf(Locale.ROOT, "%-10s", metric);
                for (String name : names) {
                    double value = results.get(name).get(metric);
                    out.printf(Locale.ROOT, MotEvaluation.isCount(metric) ? " %14.0f" : " %14.4f", value);
                }
                out.println();
            }
            // Re-entries as "kept/all": an event count reads better as a fraction than as two rows of numbers.
            printReentries(out, names, results, "Reentry", "Reentries", "ReentriesKept");
            printReentries(out, names, results, "Reentry5s", "Reentries5s", "Reentries5sKept");
            Map<String, Double> all = results.get(MotEvaluation.COMBINED);
            out.printf(Locale.ROOT, "re-entries given their old id %.0f/%.0f (out of sight >= 2 s), %.0f/%.0f (>= 5 s)%n",
                    all.get("ReentriesKept"), all.get("Reentries"), all.get("Reentries5sKept"), all.get("Reentries5s"));
            return 0;
        }

        private static void printReentries(PrintWriter out, List<String> names, Map<String, Map<String, Double>> results, String row,
                String total, String kept) {
            out.printf(Locale.ROOT, "%-10s", row);
            for (String name : names) {
                Map<String, Double> m = results.get(name);
                out.printf(Locale.ROOT, " %14s", String.format(Locale.ROOT, "%.0f/%.0f", m.get(kept), m.get(total)));
            }
            out.println();
        }
    }
}
