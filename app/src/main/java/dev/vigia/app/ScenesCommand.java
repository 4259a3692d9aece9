package dev.vigia.app;

import dev.vigia.config.UserError;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.segment.PersonSegmenter;
import dev.vigia.models.segment.Segmenters;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.scenes.ActorHarvest;
import dev.vigia.pipeline.scenes.SceneBenchmark;
import dev.vigia.pipeline.track.Trackers;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scenes", mixinStandardHelpOptions = true,
        description = "Video benchmarks with exact ground truth, made of real people cut out of real footage.",
        subcommands = {ScenesCommand.Make.class})
final class ScenesCommand implements Runnable {

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

        /** vtest.avi's lamp post and its sign, measured on the plate: actors walking behind them are hidden. */
        static final int[] VTEST_OCCLUDER = {424, 100, 9, 144, 427, 244, 11, 149, 412, 203, 34, 41};

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the benchmark into.")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the scripts and the noise (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--sequences", defaultValue = "6", paramLabel = "N",
                description = "Sequences to write, of rising difficulty, cycling after six (default: ${DEFAULT-VALUE}).")
        int sequences;

        @Option(names = "--seconds", defaultValue = "60", paramLabel = "S", description = "Length of each sequence (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--source", paramLabel = "VIDEO",
                description = "The video whose people and scene are used (default: the sample vtest.avi).")
        Path source;

        @Option(names = "--source-frames", paramLabel = "N", description = "Read only the first N frames of the source (default: all).")
        Integer sourceFrames;

        @Option(names = "--occluder", paramLabel = "x,y,w,h[,x,y,w,h...]",
                description = {"Boxes of the scene, in pixels, standing in front of actors farther away than their bottom",
                        "(default for vtest.avi: its lamp post and sign)."})
        String occluder;

        @Override
        public Integer call() {
            if (sequences < 1 || sequences > 100) {
                throw new UserError("--sequences must be 1 to 100, got " + sequences);
            }
            if (!(seconds >= 1 && seconds <= 3600)) {
                throw new UserError("--seconds must be 1 to 3600, got " + seconds);
            }
            if (sourceFrames != null && sourceFrames < 2) {
                throw new UserError("--source-frames must be 2 or more, got " + sourceFrames);
            }
            Path video = source != null ? source : SampleMedia.standard().file("vtest.avi");
            if (!Files.isRegularFile(video)) {
                throw new UserError("--source " + video + " is not a file; give a video, e.g. the sample vtest.avi");
            }
            int[] piece = occluder != null ? parseBox(occluder) : source == null ? VTEST_OCCLUDER : null;
            ActorHarvest.Options options = ActorHarvest.Options.defaults();
            if (sourceFrames != null) {
                options = new ActorHarvest.Options(sourceFrames, options.minClipFrames(), options.maxClipFrames(), options.maxActors(),
                        options.minHeight());
            }
            ActorHarvest.Harvest harvest;
            ModelStore store = ModelStore.standard();
            try (Detector detector = Detectors.open(store, Detectors.DEFAULT_MODEL, new DetectorOptions(0.25f, DeviceChoice.CPU));
                    PersonSegmenter segmenter = Segmenters.person(store, Segmenters.DEFAULT_PERSON_MODEL, DeviceChoice.CPU)) {
                harvest = ActorHarvest.harvest(video, detector, () -> Trackers.create(Trackers.DEFAULT, Map.of()), segmenter, options);
            }
            if (harvest.actors().isEmpty()) {
                throw new UserError("No person walks alone long enough in " + video + " to be cut out; give a video of people walking");
            }
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

        private static int[] parseBox(String text) {
            String[] parts = text.split(",");
            if (parts.length == 0 || parts.length % 4 != 0 || parts.length > 400) {
                throw new UserError("--occluder '" + text + "': give x,y,w,h per box (whole numbers, 4 per box)");
            }
            int[] box = new int[parts.length];
            try {
                for (int i = 0; i < parts.length; i++) {
                    box[i] = Integer.parseInt(parts[i].trim());
                }
            } catch (NumberFormatException e) {
                throw new UserError("--occluder '" + text + "': give x,y,w,h (4 whole numbers)");
            }
            for (int i = 0; i < box.length; i += 4) {
                if (box[i + 2] < 1 || box[i + 3] < 1) {
                    throw new UserError("--occluder '" + text + "': width and height must be 1 or more");
                }
            }
            return box;
        }
    }
}
