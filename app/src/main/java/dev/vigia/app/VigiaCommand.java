package dev.vigia.app;

import dev.vigia.app.bench.BenchCommand;
import dev.vigia.app.eval.EvalCommand;
import dev.vigia.app.eval.TuneCommand;
import dev.vigia.app.generate.GenerateCommand;
import dev.vigia.app.generate.TrainGeneratorCommand;
import dev.vigia.app.models.ModelsCommand;
import dev.vigia.app.models.SamplesCommand;
import dev.vigia.app.monitor.AggregateCommand;
import dev.vigia.app.monitor.CamerasCommand;
import dev.vigia.app.monitor.MonitorCommand;
import dev.vigia.app.scenes.ScenesCommand;
import dev.vigia.app.track.CountCommand;
import dev.vigia.app.track.DetectCommand;
import dev.vigia.app.track.TrackCommand;
import dev.vigia.app.upscale.UpscaleCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "vigia",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Real-time object detection and tracking on the JVM.",
        subcommands = {TrackCommand.class, MonitorCommand.class, CamerasCommand.class, AggregateCommand.class, CountCommand.class, DetectCommand.class, UpscaleCommand.class, GenerateCommand.class, TrainGeneratorCommand.class, ScenesCommand.class, EvalCommand.class, TuneCommand.class, ModelsCommand.class, SamplesCommand.class, BenchCommand.class})
final class VigiaCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Log debug details and stack traces.")
    void setVerbose(boolean verbose) {
        Logging.setVerbose(verbose);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
