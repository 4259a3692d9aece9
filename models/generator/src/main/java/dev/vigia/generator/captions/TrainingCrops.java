package dev.vigia.generator.captions;

import dev.vigia.generator.CaptionedCrops;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.files.FileTrees;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.Vigia;
import dev.vigia.pipeline.track.Trackers;
import dev.vigia.samples.SampleMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The generator's training data, made once into a folder: from the sample videos (Vigía tracks
 * them and crops each person every few frames) or from folders {@code vigia track} wrote. Made
 * beside the folder and renamed into place, so a run stopped half-way leaves no half-made data.
 */
public final class TrainingCrops {

    /** The sample videos with people walking. */
    public static final List<String> SAMPLE_VIDEOS = List.of("vtest.avi");
    static final int EVERY = 4;
    static final int MIN_HEIGHT = 48;

    private TrainingCrops() {}

    /** Tracks the sample videos (at most {@code frames} frames each, 0: all) and writes their person crops into {@code folder}. */
    public static int fromSamples(Path folder, long frames) throws IOException {
        Path partial = fresh(folder);
        DetectorOptions options = new DetectorOptions(Trackers.detectionScore("bytetrack"), DeviceChoice.parse("auto"));
        int count;
        try (DetectorModel detector = Detectors.load(ModelStore.standard(), "nanodet", options);
                CaptionedCrops.Writer writer = new CaptionedCrops.Writer(partial)) {
            int person = detector.labels().names().indexOf("person");
            TrackCropCollector collector = new TrackCropCollector(writer, classId -> classId == person, EVERY, MIN_HEIGHT);
            for (String video : SAMPLE_VIDEOS) {
                var engine = Vigia.engine().source(video, SampleMedia.standard().file(video).toString()).detector(detector)
                        .tracker("bytetrack").render(false).progress(true).onFrame(collector);
                if (frames > 0) {
                    engine.maxFrames(frames);
                }
                try (var running = engine.start()) {
                    running.awaitTermination();
                }
            }
            count = collector.count();
        }
        return finish(partial, folder, count);
    }

    /** The person tracks of folders {@code vigia track} wrote, each its snapshot captioned. */
    public static int fromTracks(Path folder, List<Path> outputs) throws IOException {
        Path partial = fresh(folder);
        int count = 0;
        try (CaptionedCrops.Writer writer = new CaptionedCrops.Writer(partial)) {
            for (Path output : outputs) {
                count += TrackOutputCrops.add(output, writer);
            }
        }
        return finish(partial, folder, count);
    }

    public static boolean exists(Path folder) {
        return Files.isRegularFile(folder.resolve(CaptionedCrops.INDEX));
    }

    private static Path fresh(Path folder) throws IOException {
        Path partial = folder.resolveSibling(folder.getFileName() + ".partial");
        FileTrees.delete(partial);
        return partial;
    }

    private static int finish(Path partial, Path folder, int count) throws IOException {
        if (count == 0) {
            FileTrees.delete(partial);
            throw new dev.vigia.config.UserError("No person was tracked large enough (" + MIN_HEIGHT
                    + " pixels or taller) to make training crops of");
        }
        FileTrees.delete(folder);
        Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        return count;
    }
}
