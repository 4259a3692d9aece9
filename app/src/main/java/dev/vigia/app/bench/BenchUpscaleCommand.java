package dev.vigia.app.bench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.vigia.app.common.Images;
import dev.vigia.app.common.UpscalePrecisionOption;
import dev.vigia.config.UserError;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.precision.Precision;
import dev.vigia.pipeline.precision.ImageModelPrecision;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.upscale.TiledUpscaler;
import dev.vigia.models.upscale.UpscalerModel;
import dev.vigia.models.upscale.Upscalers;
import dev.vigia.pipeline.upscale.SideBySide;
import dev.vigia.pipeline.upscale.UpscaleBenchmark;
import dev.vigia.samples.SampleMedia;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "upscale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Super-resolution quality and speed: PSNR and SSIM against bicubic on real images shrunk by each scale",
                "(plain and anti-aliased), ms per output megapixel, and a PNG of crops side by side."})
final class BenchUpscaleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "Originals (default: the samples messi5.jpg, giraffe.jpg, horses.jpg).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--models", split = ",", paramLabel = "NAME,...",
            defaultValue = "esrgan-slim,esrgan-medium,esrgan-thick", description = "Models to measure (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--scales", split = ",", paramLabel = "S,...", defaultValue = "2,4", description = "Scales (default: ${DEFAULT-VALUE}).")
    List<Integer> scales;

    @Option(names = "--out", defaultValue = "out/bench-upscale", paramLabel = "DIR",
            description = "Where crops.png goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu")
    String device;

    @Mixin
    UpscalePrecisionOption precision;

    @Override
    public Integer call() throws IOException {
        List<Path> files = images.isEmpty()
                ? List.of(SampleMedia.standard().file("messi5.jpg"), SampleMedia.standard().file("giraffe.jpg"),
                        SampleMedia.standard().file("horses.jpg"))
                : images;
        List<Mat> originals = new ArrayList<>();
        for (Path file : files) {
            originals.add(Images.read(file));
        }
        ModelStore store = ModelStore.standard();
        DeviceChoice choice = DeviceChoice.parse(device);
        for (int scale : scales) {
            for (String model : models) {
                Upscalers.resolve(store, model, scale);
            }
        }
        UpscaleBenchmark benchmark = new UpscaleBenchmark(originals, models, scale -> {
            List<TiledUpscaler> upscalers = new ArrayList<>();
            for (String model : models) {
                Precision run = ImageModelPrecision.upscaler(store, model, scale, choice, precision.asked()).precision();
                try (UpscalerModel loaded = Upscalers.load(store, model, scale, choice, run)) {
                    upscalers.add(new TiledUpscaler(loaded.newUpscaler(), TiledUpscaler.DEFAULT_TILE, TiledUpscaler.DEFAULT_PAD,
                            Upscalers.defaultMemoryLimit()));
                }
            }
            return upscalers;
        });
        List<UpscaleBenchmark.Row> rows = benchmark.run(scales);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("precision " + precision.value);
        stdout.printf(Locale.ROOT, "%d images (%s); PSNR/SSIM on luma, the scale cut from each edge%n", files.size(),
                String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList()));
        stdout.println("| method | scale | downscaling | PSNR dB | SSIM | ms per output MP |");
        stdout.println("|---|---|---|---|---|---|");
        for (UpscaleBenchmark.Row row : rows) {
            stdout.printf(Locale.ROOT, "| %s | x%d | %s | %.2f | %.4f | %.0f |%n", row.method(), row.scale(),
                    row.degradation() == UpscaleBenchmark.Degradation.PLAIN ? "plain" : "anti-aliased", row.psnr(), row.ssim(),
                    row.msPerOutputMegapixel());
        }
        Files.createDirectories(out);
        Path png = out.resolve("crops.png");
        try (Mat sheet = SideBySide.of(benchmark.samples(), 96, 2)) {
            if (!imwrite(png.toString(), sheet)) {
                throw new UserError("Cannot write " + png);
            }
        }
        stdout.println("Crops side by side: " + png);
        return 0;
    }
}
