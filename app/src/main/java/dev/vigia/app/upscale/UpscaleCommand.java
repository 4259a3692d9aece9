package dev.vigia.app.upscale;

import dev.vigia.app.common.DeviceOption;
import dev.vigia.app.common.OutputFiles;
import dev.vigia.app.common.UpscalePrecisionOption;
import dev.vigia.config.UserError;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.upscale.TiledUpscaler;
import dev.vigia.models.upscale.UpscalerModel;
import dev.vigia.models.upscale.Upscalers;
import dev.vigia.pipeline.upscale.MediaUpscaler;
import dev.vigia.samples.SampleMedia;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.bytedeco.javacv.FrameRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "upscale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Super-resolve images, image folders and videos with an ESRGAN model, in tiles.",
                "Writes NAME_xS.EXT (videos: NAME_xS.mp4, same fps and frame count) into --out.",
                "With no INPUT, upscales the sample messi5.jpg (fetched on first use)."})
public final class UpscaleCommand implements Callable<Integer> {

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "INPUT", description = "Images, folders of images, or videos.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--model", defaultValue = Upscalers.DEFAULT_MODEL, paramLabel = "NAME",
            description = "esrgan-slim, esrgan-medium or esrgan-thick (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--scale", defaultValue = "4", paramLabel = "2|3|4|8", description = "Upscaling factor (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--tile", defaultValue = "" + TiledUpscaler.DEFAULT_TILE, paramLabel = "PX",
            description = "Tile size in input pixels; memory stays that of one tile. 0: the whole image at once (default: ${DEFAULT-VALUE}).")
    int tile;

    @Option(names = "--tile-pad", defaultValue = "" + TiledUpscaler.DEFAULT_PAD, paramLabel = "PX",
            description = "Input pixels each tile reads beyond its edges, so no seam shows (default: ${DEFAULT-VALUE}).")
    int tilePad;

    @Option(names = "--memory-limit", paramLabel = "GB", description = "Largest memory one inference may take (default: half this machine's).")
    Double memoryLimitGb;

    @Option(names = "--out", defaultValue = "out/upscaled", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--overwrite", description = "Replace outputs of an earlier run (default: refuse).")
    boolean overwrite;

    @Mixin
    DeviceOption device;

    @Mixin
    UpscalePrecisionOption precision;

    @Override
    public Integer call() throws IOException, FrameRecorder.Exception {
        List<Path> files = expand(inputs.isEmpty() ? List.of(SampleMedia.standard().file("messi5.jpg")) : inputs);
        long memoryLimit = memoryLimitGb == null ? Upscalers.defaultMemoryLimit() : Math.round(memoryLimitGb * 1e9);
        PrintWriter stdout = spec.commandLine().getOut();
        var decision = dev.vigia.pipeline.precision.ImageModelPrecision.upscaler(ModelStore.standard(), model, scale,
                device.choice(), precision.asked());
        if (precision.asked() != dev.vigia.models.precision.Precision.FP32) {
            org.slf4j.LoggerFactory.getLogger(UpscaleCommand.class).info("precision {}", decision);
        }
        try (UpscalerModel loaded = Upscalers.load(ModelStore.standard(), model, scale, device.choice(), decision.precision());
                TiledUpscaler upscaler = new TiledUpscaler(loaded.newUpscaler(), tile, tilePad, memoryLimit)) {
            MediaUpscaler media = new MediaUpscaler(upscaler);
            List<Path> targets = OutputFiles.claim(out, files, input -> media.outputFor(input, out), overwrite);
            for (int i = 0; i < files.size(); i++) {
                Path input = files.get(i);
                MediaUpscaler.Result result = MediaUpscaler.isVideo(input) ? video(media, input, targets.get(i))
                        : media.image(input, targets.get(i));
                stdout.println(String.format(Locale.ROOT, "%s: %dx%d -> %dx%d, %d frame%s in %.1f s -> %s", input,
                        result.inputWidth(), result.inputHeight(), result.outputWidth(), result.outputHeight(), result.frames(),
                        result.frames() == 1 ? "" : "s", result.seconds(), result.output()));
                stdout.flush();
            }
        }
        return 0;
    }

    private static MediaUpscaler.Result video(MediaUpscaler media, Path input, Path target) throws FrameRecorder.Exception {
        try (ProgressBar bar = ProgressBar.builder().setTaskName(input.getFileName().toString()).setInitialMax(-1)
                .continuousUpdate().build()) {
            return media.video(input, target, bar::stepTo);
        }
    }

    /** Files, and the images inside folders (sorted), each checked to exist. */
    private static List<Path> expand(List<Path> given) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : given) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    List<Path> images = children.filter(UpscaleCommand::isImage).sorted().toList();
                    if (images.isEmpty()) {
                        throw new UserError("The folder " + path + " has no images (" + String.join(", ", IMAGE_EXTENSIONS) + ")");
                    }
                    files.addAll(images);
                }
            } else if (!Files.isRegularFile(path)) {
                throw new UserError(path + " does not exist or is not a file or folder");
            } else {
                files.add(path);
            }
        }
        return files;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && IMAGE_EXTENSIONS.contains(name.substring(name.lastIndexOf('.') + 1));
    }
}
