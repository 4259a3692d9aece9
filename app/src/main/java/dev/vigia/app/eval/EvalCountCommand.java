package dev.vigia.app.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.common.CountingOptions;
import dev.vigia.config.UserError;
import dev.vigia.pipeline.eval.CountAccuracy;
import dev.vigia.pipeline.eval.MotBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Count error of a tracker's output against the ground truth's tracks, counted as the monitor counts. */
@Command(name = "count", mixinStandardHelpOptions = true,
        description = {"Line crossings and zone entries of the ground truth's tracks and of a tracker's, counted by the",
                "monitor's own counters, and the tracker's count error (pred - gt) per line, zone and direction."})
final class EvalCountCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--gt", required = true, paramLabel = "GT", description = "Ground-truth MOTChallenge file (gt.txt).")
    Path gt;

    @Option(names = "--pred", required = true, paramLabel = "PRED", description = "Tracker results, a MOTChallenge file.")
    Path pred;

    @Mixin
    CountingOptions counting;

    @Option(names = "--benchmark", paramLabel = "auto|mot15|mot16|mot17|mot20", defaultValue = "auto",
            description = "Which rows count, as in 'eval mot' (default: ${DEFAULT-VALUE}).")
    String benchmark;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write {\"lines\": {NAME: {\"in\", \"out\"}}, \"zones\": {NAME: {\"entered\", \"exited\"}}, \"total\"},"
                    + " each {\"gt\", \"pred\", \"error\", \"abs_error\", \"rel_error\"}, to FILE.")
    Path json;

    @Override
    public Integer call() {
        CountAccuracy.Report report = CountAccuracy.compare(gt, pred, counting.layout(), MotBenchmark.parse(benchmark));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-5s %-14s %-8s %7s %7s %7s %7s%n", "", "name", "measure", "gt", "pred", "error", "rel");
        for (CountAccuracy.Count c : report.counts()) {
            out.printf(Locale.ROOT, "%-5s %-14s %-8s %7d %7d %+7d %7s%n", c.kind(), c.name(), c.measure(), c.truth(), c.predicted(),
                    c.error(), percent(c.relativeError()));
        }
        out.printf(Locale.ROOT, "%-5s %-14s %-8s %7d %7d %+7d %7s   (|error| summed: %d)%n", "total", "", "", report.truth(),
                report.predicted(), report.error(), percent(report.relativeError()), report.absoluteError());
        out.flush();
        if (json != null) {
            try {
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report.toJson());
            } catch (IOException e) {
                throw new UserError("Cannot write --json " + json + ": " + e.getMessage());
            }
        }
        return 0;
    }

    /** |error| / gt as a percentage; "-" where the ground truth counts nothing. */
    private static String percent(double relative) {
        return Double.isNaN(relative) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * relative);
    }
}
