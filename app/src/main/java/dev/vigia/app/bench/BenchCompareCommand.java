package dev.vigia.app.bench;

import dev.vigia.app.common.TrustModelOption;
import dev.vigia.config.UserError;
import dev.vigia.models.catalog.InputSpec;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.pipeline.precision.DetectorPrecision;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.compare.ComparisonCharts;
import dev.vigia.pipeline.compare.ComparisonReport;
import dev.vigia.pipeline.compare.ComparisonRun;
import dev.vigia.pipeline.compare.LabelledImages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare detectors the way the field does: COCO mAP, AP50 and VOC07 AP50 on a labelled set at the",
                "evaluation setting (score >= 0.001 after NMS, 100 boxes per image), FPS, per-phase latency, load time,",
                "input size, boxes per image and peak memory; writes compare.md/.csv/.json and PNG charts to --out.",
                "Ctrl-C writes the table for the detectors that finished."})
final class BenchCompareCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BenchCompareCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--detectors", required = true, split = ",", paramLabel = "A,B,...", description = "Model ids, families or paths.")
    List<String> detectors;

    @Mixin
    TrustModelOption trustModel;

    @Option(names = "--dataset", paramLabel = "objects|faces|DIR",
            description = "A labelled set: Vigia's hand-labelled 'objects' or 'faces', or a folder with annotations.json (COCO) and its images.")
    String dataset;

    @Option(names = "--gt", paramLabel = "GT", description = "COCO ground truth, with --images.")
    Path gt;

    @Option(names = "--images", paramLabel = "DIR", description = "The folder of the images --gt names.")
    Path images;

    @Option(names = "--source", paramLabel = "VIDEO", description = "A video without labels: speed columns only.")
    Path source;

    @Option(names = "--frames", defaultValue = "100", paramLabel = "N", description = "Frames of --source to time (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--batch", split = ",", defaultValue = "1", paramLabel = "N,N", description = "Batch sizes, each a row per detector (default: 1).")
    List<Integer> batches;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "R", description = "Timed passes over the images (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu")
    String device;

    @Option(names = "--precision", split = ",", defaultValue = "fp32", paramLabel = "P,P",
            description = "Precisions, each a row per detector (auto|fp32|bf16; default: ${DEFAULT-VALUE}); rows are named ID@PRECISION when not fp32.")
    List<String> precisions;

    @Option(names = "--out", defaultValue = "out/compare", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        int sources = (dataset != null ? 1 : 0) + (gt != null || images != null ? 1 : 0) + (source != null ? 1 : 0);
        if (sources != 1) {
            throw new UserError("Give one of --dataset objects|faces|DIR, --gt GT --images DIR, or --source VIDEO");
        }
        if ((gt == null) != (images == null)) {
            throw new UserError("--gt and --images go together: the ground truth and the folder of its images");
        }
        for (int batch : batches) {
            if (batch < 1 || batch > 64) {
                throw new UserError("--batch " + batch + " is not a batch size; give sizes from 1 to 64, e.g. --batch 1,4,8");
            }
        }
        if (runs < 1 || frames < 1) {
            throw new UserError("--runs and --frames must be at least 1");
        }
        DeviceChoice deviceChoice = DeviceChoice.parse(device);
        List<Precision> asked = precisions.stream().map(Precision::parse).distinct().toList();
        ModelStore store = ModelStore.standard();
        List<String> ids = new ArrayList<>();
        for (String detector : detectors) {
            ids.add(Detectors.resolve(store, detector, trustModel.trusted));
        }
        LabelledImages set = dataset != null ? LabelledImages.open(dataset)
                : gt != null ? LabelledImages.of(gt, images) : LabelledImages.ofVideo(source, frames);
        AtomicBoolean stop = new AtomicBoolean();
        Signal.handle(new Signal("INT"), signal -> {
            if (!stop.getAndSet(true)) {
                LOG.warn("Stopping after the detector in progress; the table will hold the ones that finished (again to quit now)");
            } else {
                Runtime.getRuntime().halt(130);
            }
        });
        List<ComparisonRun.Row> rows = new ArrayList<>();
        try (ProgressBar progress = new ProgressBarBuilder().setTaskName("compare").setInitialMax((long) ids.size() * asked.size() * batches.size())
                .build()) {
            for (String id : ids) {
                for (Precision precision : asked) {
                    // A batch row measures one inference of that many frames wherever the graph allows it.
                    DetectorOptions base = new DetectorOptions(ComparisonRun.EVALUATION_SCORE, deviceChoice)
                            .withBatchedInference(DetectorOptions.BatchedInference.ALWAYS).withPrecision(precision);
                    PrecisionDecision decision = DetectorPrecision.decide(store, id, base);
                    DetectorOptions options = base.withPrecision(decision.precision());
                    String row = asked.size() == 1 && precision == Precision.FP32 ? id
                            : id + "@" + precision + (precision == Precision.AUTO ? "=" + decision.precision() : "");
                    for (int batch : batches) {
                        if (stop.get()) {
                            break;
                        }
                        progress.setExtraMessage(row);
                        InputSpec input = store.spec(id).input();
                        rows.add(ComparisonRun.run(row, () -> Detectors.open(store.ensure(id), options), input.width(), input.height(), set, runs, batch));
                        progress.step();
                    }
                }
            }
        }
        ComparisonReport.write(out, set.name(), rows);
        List<Path> charts = ComparisonCharts.write(out, set.name(), rows, ComparisonCharts.classCounts(set));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(java.nio.file.Files.readString(out.resolve("compare.md")));
        stdout.println(out.resolve("compare.md"));
        stdout.println(out.resolve("compare.csv"));
        stdout.println(out.resolve("compare.json"));
        charts.forEach(stdout::println);
        return 0;
    }
}
