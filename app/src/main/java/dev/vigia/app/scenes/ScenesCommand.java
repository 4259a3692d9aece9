package dev.vigia.app.scenes;

import dev.vigia.config.UserError;
import dev.vigia.pipeline.scenes.ActorHarvest;
import dev.vigia.pipeline.scenes.QuietCameraSet;
import dev.vigia.pipeline.scenes.QuietScriptWriter;
import dev.vigia.pipeline.scenes.SceneBenchmark;
import dev.vigia.pipeline.scenes.SourceNoise;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scenes", mixinStandardHelpOptions = true,
        description = "Video benchmarks with exact ground truth, made of real people cut out of real footage.",
        subcommands = {ScenesCommand.Make.class, ScenesCommand.Quiet.class})
public final class ScenesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "make", mixinStandardHelpOptions = true,
            description = {"Cut the people of a video out (NanoDet + ByteTrack + the selfie segmenter), then write",
                    "MOTChallenge-style sequences of them walking, crossing, hiding and coming back over the video's",
                    "empty scene: video.mp4, gt/gt.txt (full boxes, visibility), seqinfo.ini, counts.json."})
    static final class Make implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the benchmark into.")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the scripts and the noise (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--sequences", defaultValue = "6", paramLabel = "N",
                description = "Sequences to write, of rising difficulty; the 7th is turn-backs (two meet and each turns back), then they cycle (default: ${DEFAULT-VALUE}).")
        int sequences;

        @Option(names = "--seconds", defaultValue = "60", paramLabel = "S", description = "Length of each sequence (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Mixin
        SceneSource scene;

        @Override
        public Integer call() {
            if (sequences < 1 || sequences > 100) {
                throw new UserError("--sequences must be 1 to 100, got " + sequences);
            }
            if (!(seconds >= 1 && seconds <= 3600)) {
                throw new UserError("--seconds must be 1 to 3600, got " + seconds);
            }
            Path video = scene.video();
            scene.refuseFilledFolder(out);
            int[] piece = scene.occluders();
            ActorHarvest.Harvest harvest = scene.harvest(video);
            int frames = (int) Math.round(seconds * harvest.fps());
            List<SceneBenchmark.Sequence> written = new SceneBenchmark(harvest, piece).make(out, seed, sequences, frames);
            var outStream = spec.commandLine().getOut();
            outStream.printf("%d actors from %s (%d frames)%n", harvest.actors().size(), video.getFileName(), harvest.sourceFrames());
            for (SceneBenchmark.Sequence s : written) {
                outStream.printf("%-14s %5d frames  %3d identities  %6d boxes  mean visibility %.2f  %s%n", s.name(), s.frames(),
                        s.identities(), s.rows(), s.meanVisibility(), s.folder());
            }
            return 0;
        }
    }

    @Command(name = "quiet", mixinStandardHelpOptions = true,
            description = {"Write a set of quiet cameras for motion-gated detection: the source's empty scene (its temporal",
                    "median, with the source's own noise added back on every frame) holding for 10-120 s between real people",
                    "walking through or crossing, per camera video.mp4, gt/gt.txt, counts.json (expected line crossings and",
                    "zone entries, as vigia count counts them) and appearances.json (when each object comes into the picture)."})
    static final class Quiet implements Callable<Integer> {

        /** Frames of the source the noise is measured on, spread over it. */
        static final int NOISE_SAMPLES = 30;

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the cameras into.")
        Path out;

        @Option(names = "--cameras", defaultValue = "4", paramLabel = "N", description = "Cameras to write, 1 to 64 (default: ${DEFAULT-VALUE}).")
        int cameras;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the scripts and the noise (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--minutes", defaultValue = "10", paramLabel = "M", description = "Length of each camera's video (default: ${DEFAULT-VALUE}).")
        double minutes;

        @Option(names = "--quiet-seconds", defaultValue = "10,120", paramLabel = "MIN,MAX",
                description = "How long the scene stays empty between episodes, drawn evenly (default: ${DEFAULT-VALUE}).")
        String quietSeconds;

        @Mixin
        SceneSource scene;

        @Override
        public Integer call() {
            if (cameras < 1 || cameras > 64) {
                throw new UserError("--cameras must be 1 to 64, got " + cameras);
            }
            if (!(minutes >= 0.1 && minutes <= 240)) {
                throw new UserError("--minutes must be 0.1 to 240, got " + minutes);
            }
            QuietScriptWriter.Gaps gaps = parseGaps(quietSeconds);
            Path video = scene.video();
            scene.refuseFilledFolder(out);
            int[] piece = scene.occluders();
            ActorHarvest.Harvest harvest = scene.harvest(video);
            double noise = SourceNoise.measure(video, harvest.plate(), NOISE_SAMPLES, scene.framesRead());
            int frames = (int) Math.round(minutes * 60 * harvest.fps());
            List<QuietCameraSet.Camera> written = new QuietCameraSet(harvest, piece, gaps, noise).make(out, seed, cameras, frames);
            var outStream = spec.commandLine().getOut();
            outStream.printf("%d actors from %s (%d frames), its noise sigma %.2f%n", harvest.actors().size(), video.getFileName(),
                    harvest.sourceFrames(), noise);
            for (QuietCameraSet.Camera c : written) {
                outStream.printf("%-6s %6d frames  %3d appearances  someone in view %4.1f %%  %2d crossings  %2d zone entries"
                        + "  noise %.2f  CRF %d  light switches at %s  %s%n", c.name(), c.frames(), c.appearances(),
                        100 * c.activeFraction(), c.crossings(), c.entries(), c.noiseSigma(), c.crf(), c.lightSwitches(), c.folder());
            }
            return 0;
        }

        private static QuietScriptWriter.Gaps parseGaps(String text) {
            String[] parts = text.split(",");
            try {
                if (parts.length == 2) {
                    return new QuietScriptWriter.Gaps(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
                }
            } catch (IllegalArgumentException e) {
                // Falls through to the one message below, for numbers and ranges alike.
            }
            throw new UserError("--quiet-seconds '" + text + "': give MIN,MAX in seconds, more than 0 and MAX at least MIN, e.g. 10,120");
        }
    }
}
