package dev.vigia.app.scenes;

import dev.vigia.config.UserError;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.segment.PersonSegmenter;
import dev.vigia.models.segment.Segmenters;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.scenes.ActorHarvest;
import dev.vigia.pipeline.track.Trackers;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The flags {@code vigia scenes make} and {@code scenes quiet} share: the footage whose people and
 * empty scene are used, how much of it is read, what stands in front of people, and whether an
 * output folder that holds files may be written into.
 */
final class SceneSource {

    /** vtest.avi's lamp post and its sign, measured on the plate: people walking behind them are hidden. */
    static final int[] VTEST_OCCLUDER = {424, 100, 9, 144, 427, 244, 11, 149, 412, 203, 34, 41};

    @Option(names = "--source", paramLabel = "VIDEO", description = "The video whose people and scene are used (default: the sample vtest.avi).")
    Path source;

    @Option(names = "--source-frames", paramLabel = "N", description = "Read only the first N frames of the source (default: all).")
    Integer sourceFrames;

    @Option(names = "--overwrite", description = "Write into a --out folder that already holds files.")
    boolean overwrite;

    @Option(names = "--occluder", paramLabel = "x,y,w,h[,x,y,w,h...]",
            description = {"Boxes of the scene, in pixels, standing in front of people farther away than their bottom",
                    "(default for vtest.avi: its lamp post and sign)."})
    String occluder;

    /** The source video, checked (and --source-frames with it). */
    Path video() {
        if (sourceFrames != null && sourceFrames < 2) {
            throw new UserError("--source-frames must be 2 or more, got " + sourceFrames);
        }
        Path video = source != null ? source : SampleMedia.standard().file("vtest.avi");
        if (!Files.isRegularFile(video)) {
            throw new UserError("--source " + video + " is not a file; give a video, e.g. the sample vtest.avi");
        }
        return video;
    }

    /** How many of the source's frames are read. */
    int framesRead() {
        return sourceFrames != null ? sourceFrames : Integer.MAX_VALUE;
    }

    void refuseFilledFolder(Path out) {
        if (!overwrite && Files.isDirectory(out)) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new UserError(out + " already holds files; pass --overwrite to write into it, or choose another --out");
                }
            } catch (java.io.IOException e) {
                throw new UserError("Cannot read --out " + out + ": " + e.getMessage());
            }
        }
    }

    /** The boxes in front of people: --occluder's, vtest.avi's own for the sample, or none for another video. */
    int[] occluders() {
        return occluder != null ? parseBoxes(occluder) : source == null ? VTEST_OCCLUDER : null;
    }

    /** The people of {@code video} (its first --source-frames frames, or all), cut out with the default models. */
    ActorHarvest.Harvest harvest(Path video) {
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
        } catch (IllegalArgumentException e) {
            throw new UserError("--source " + video + ": " + e.getMessage());
        }
        if (harvest.actors().isEmpty()) {
            throw new UserError("No person walks alone long enough in " + video + " to be cut out; give a video of people walking");
        }
        return harvest;
    }

    static int[] parseBoxes(String text) {
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
