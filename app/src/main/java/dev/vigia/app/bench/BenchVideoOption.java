package dev.vigia.app.bench;

import dev.vigia.config.UserError;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --source FILE} of the bench commands that run one video: the sample vtest.avi unless given. */
final class BenchVideoOption {

    @Option(names = "--source", paramLabel = "FILE", description = "Video file (default: the sample vtest.avi).")
    Path file;

    /** The video to run; one that is not a file is a user error. */
    Path video() {
        Path video = file != null ? file : SampleMedia.standard().file("vtest.avi");
        if (!Files.isRegularFile(video)) {
            throw new UserError("--source " + video + " is not a video file; give a file such as samples/vtest.avi");
        }
        return video;
    }
}
