package dev.vigia.app.generate;

import dev.vigia.app.common.StopOnSignal;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.VigiaHome;
import dev.vigia.generator.CaptionedCrops;
import dev.vigia.generator.GeneratorTraining;
import dev.vigia.generator.captions.TrainingCrops;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigia train-generator}: a text-prompted generator trained on what Vigía tracked. */
@Command(name = "train-generator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the text-prompted image generator on crops of tracked people, captioned with what Vigía knows of",
                "each (colours of top and trousers, motion). Checkpoints as it goes; run it again to go on; Ctrl-C keeps the",
                "last checkpoint."})
public final class TrainGeneratorCommand implements Callable<Integer> {

    static final int DEFAULT_MINUTES = 15;

    @Spec
    CommandSpec spec;

    static final class From {
        @Option(names = "--from-tracks", arity = "1..*", paramLabel = "OUT_DIR",
                description = "Folders vigia track wrote (--out): each person track's snapshot and motion.")
        List<Path> tracks;

        @Option(names = "--from-samples", description = "Track the sample videos (vtest.avi) and crop each person every few frames.")
        boolean samples;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "" + DEFAULT_MINUTES,
            description = "Minutes of GAN training in this run (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "0", description = "Stop after N steps of this run instead (0: by --minutes).")
    long steps;

    @Option(names = "--size", paramLabel = "32|64", defaultValue = "32", description = "Image size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--out", paramLabel = "MODEL_DIR", description = "The model folder (default: VIGIA_HOME/generator).")
    Path out;

    @Option(names = "--fresh", description = "Start over: remake the crops and forget the folder's checkpoint.")
    boolean fresh;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "0", description = "--from-samples: track at most N frames of each video.")
    long frames;

    @Option(names = "--seed", defaultValue = "14", description = "Seed of the held-out combinations, batches and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (size != 32 && size != 64) {
            throw new InvalidSettingException(Setting.SIZE, String.valueOf(size), "The generator draws 32 or 64 pixel images");
        }
        if (!(minutes > 0) || steps < 0) {
            throw new InvalidSettingException(Setting.MINUTES, String.valueOf(minutes), "Give a positive --minutes (or --steps)");
        }
        Path model = out != null ? out : defaultModel();
        PrintWriter err = spec.commandLine().getErr();
        Path crops = model.resolve("crops");
        if (fresh) {
            dev.vigia.models.files.FileTrees.delete(model);
        }
        if (TrainingCrops.exists(crops)) {
            err.println("Training on the crops made earlier in " + crops + " (--fresh to make them again)");
        } else {
            int made = from.samples ? TrainingCrops.fromSamples(crops, frames) : TrainingCrops.fromTracks(crops, from.tracks);
            err.println("Made " + made + " captioned crops in " + crops);
        }
        err.flush();
        CaptionedCrops data = CaptionedCrops.read(crops, size);
        AtomicBoolean stop = new AtomicBoolean();
        StopOnSignal.install(() -> stop.set(true));
        GeneratorTraining.Options options = new GeneratorTraining.Options(size, Duration.ofMillis(Math.round(minutes * 60_000)), steps,
                seed, 64, Duration.ofMinutes(1));
        var figures = GeneratorTraining.train(data, model, options, progress(err), stop::get);
        err.println(String.format(Locale.ROOT, "Trained %d steps in %.1f min; the judge finds the prompt's attributes in %s of "
                + "images for combinations it trained on, %s for held-out ones (chance %.0f %%); diversity %s of real crops",
                figures.get("steps").asLong(), figures.get("training_seconds").asDouble() / 60,
                percent(figures.at("/prompt_agreement_seen/all")), percent(figures.at("/prompt_agreement_held_out/all")),
                100 * figures.get("chance_agreement").asDouble(), figures.get("diversity_vs_real").asText("not measured")));
        spec.commandLine().getOut().println("Model in " + model + " (figures in " + model.resolve("model.json")
                + "); try: vigia generate --model " + model + " --prompt \"" + examplePrompt(data) + "\"");
        return 0;
    }

    private static String percent(com.fasterxml.jackson.databind.JsonNode rate) {
        return rate.isNumber() ? String.format(Locale.ROOT, "%.0f %%", 100 * rate.asDouble()) : "not measured";
    }

    static Path defaultModel() {
        return VigiaHome.resolve().resolve("generator");
    }

    private static String examplePrompt(CaptionedCrops data) {
        return data.crops().get(0).caption();
    }

    /** A progress bar of steps with the latest losses; lines of what happens around it. */
    private GeneratorTraining.Progress progress(PrintWriter err) {
        return new GeneratorTraining.Progress() {
            private ProgressBar bar;
            private long lastStep = -1;

            @Override
            public void step(long step, dev.vigia.generator.GeneratorLosses losses, double seconds) {
                if (lastStep < 0) {
                    // Steps count on from the checkpoint's, so a run that goes on ends at its first step plus its own.
                    lastStep = steps > 0 ? step - 1 + steps : 0;
                }
                if (bar == null) {
                    bar = ProgressBar.builder().setTaskName("train").setInitialMax(lastStep > 0 ? lastStep : -1).continuousUpdate()
                            .setUnit(" steps", 1).build();
                }
                bar.stepTo(step);
                bar.setExtraMessage(String.format(Locale.ROOT, "D %.2f G %.2f match %.2f", losses.discriminator(), losses.generator(),
                        losses.matching()));
            }

            @Override
            public void message(String line) {
                if (bar != null) {
                    bar.close();
                    bar = null;
                }
                err.println(line);
                err.flush();
            }
        };
    }
}
