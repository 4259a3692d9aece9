package dev.vigia.app.models;

import dev.vigia.samples.SampleMedia;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "samples", mixinStandardHelpOptions = true,
        description = "Sample media from Debian packages (darknet images, OpenCV videos) in $VIGIA_HOME/samples.",
        subcommands = {SamplesCommand.Pull.class})
public final class SamplesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "Fetch the sample media (once) and list it.")
    static final class Pull implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SampleMedia samples = SampleMedia.standard();
            Path root = samples.ensure();
            for (String name : samples.names()) {
                spec.commandLine().getOut().println(root.resolve(name));
            }
            return 0;
        }
    }
}
