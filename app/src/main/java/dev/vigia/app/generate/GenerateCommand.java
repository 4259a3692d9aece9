package dev.vigia.app.generate;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.generator.GeneratorModel;
import dev.vigia.generator.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigia generate}: images of what a prompt describes, from the generator Vigía trained. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw images of a prompt with the generator vigia train-generator made: a grid PNG and each image.",
                "The same seed gives the same images."})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "e.g. \"a person in a dark top and grey trousers walking left\".")
    String prompt;

    @Option(names = "--n", defaultValue = "16", description = "How many images (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "1", description = "Noise seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model", paramLabel = "DIR", description = "The model folder (default: VIGIA_HOME/generator).")
    Path model;

    @Option(names = "--out", defaultValue = "out/generated", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--scale", defaultValue = "4", paramLabel = "K", description = "Grid PNG enlarged K times (default: ${DEFAULT-VALUE}).")
    int scale;

    @Override
    public Integer call() throws IOException {
        if (n < 1 || n > 1024) {
            throw new InvalidSettingException(Setting.N, String.valueOf(n), "Ask for 1 to 1024 images");
        }
        if (scale < 1 || scale > 16) {
            throw new InvalidSettingException(Setting.SCALE, String.valueOf(scale), "Enlarge the grid 1 to 16 times");
        }
        Path folder = model != null ? model : TrainGeneratorCommand.defaultModel();
        if (!GeneratorModel.exists(folder)) {
            throw new UserError("No trained generator in " + folder + "; train one with: vigia train-generator --from-samples"
                    + (model != null ? " --out " + folder : "") + " (about " + (TrainGeneratorCommand.DEFAULT_MINUTES + 2)
                    + " minutes here: the samples are tracked, then " + TrainGeneratorCommand.DEFAULT_MINUTES + " minutes of training)");
        }
        GeneratorModel.checkPrompt(folder, prompt);
        try (GeneratorModel generator = GeneratorModel.load(folder)) {
            long started = System.nanoTime();
            List<BufferedImage> images = generator.generate(prompt, n, seed);
            double seconds = (System.nanoTime() - started) / 1e9;
            Files.createDirectories(out);
            String stem = stem(prompt) + "-seed" + seed;
            for (int i = 0; i < images.size(); i++) {
                ImageIO.write(images.get(i), "png", out.resolve(stem + "-" + (i + 1) + ".png").toFile());
            }
            Path grid = out.resolve(stem + "-grid.png");
            ImageIO.write(ImageGrid.of(images, scale), "png", grid.toFile());
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "%d images of \"%s\" in %.2f s -> %s (and %s-1..%d.png)",
                    images.size(), prompt, seconds, grid, stem, images.size()));
        }
        return 0;
    }

    /** A file name from the prompt's words. */
    static String stem(String prompt) {
        String words = String.join("-", dev.vigia.generator.Vocabulary.tokens(prompt));
        return words.length() > 80 ? words.substring(0, 80) : words;
    }
}
