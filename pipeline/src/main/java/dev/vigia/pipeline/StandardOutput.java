package dev.vigia.pipeline;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.sink.JsonLinesSink;
import dev.vigia.pipeline.sink.MotSink;
import dev.vigia.pipeline.sink.Mp4Sink;
import dev.vigia.pipeline.sink.SourceOutputs;
import dev.vigia.pipeline.sink.TrackSummarySink;
import dev.vigia.pipeline.source.SourceInfo;
import dev.vigia.pipeline.source.SourceNames;
import dev.vigia.pipeline.stage.SnapshotStage;
import dev.vigia.pipeline.upscale.CropUpscaler;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One of the engine's standard outputs, written for every source into a folder and named after
 * the source. A program adds the ones it wants, one by one, with {@link EngineBuilder#output};
 * {@link EngineBuilder#outputs(Path)} adds them all:
 *
 * <pre>{@code
 * Vigia.engine().source("door", "door.mp4")
 *         .output(StandardOutput.mot(folder))          // folder/door.mot.txt
 *         .output(StandardOutput.jsonLines(folder))    // folder/door.jsonl
 *         .start();
 * }</pre>
 *
 * Files of an earlier run are refused unless {@link EngineBuilder#overwrite} allows them.
 */
public final class StandardOutput {

    /** What is written, and under which name. */
    public enum Kind {
        /** The annotated video, {@code SOURCE.mp4}: the drawn frames ({@link Mp4Sink}). */
        VIDEO,
        /** The tracks in MOTChallenge text, {@code SOURCE.mot.txt} ({@link MotSink}). */
        MOT,
        /** One JSON object per frame with its tracks, {@code SOURCE.jsonl} ({@link JsonLinesSink}). */
        JSON_LINES,
        /** One CSV row per track (first and last seen, best score), {@code SOURCE.tracks.csv} ({@link TrackSummarySink}). */
        TRACK_CSV,
        /** Each track's best crop from the clean frame, {@code snapshots/SOURCE/track-ID.jpg} ({@link SnapshotStage}). */
        SNAPSHOTS
    }

    private final Kind kind;
    private final Path folder;

    private StandardOutput(Kind kind, Path folder) {
        this.kind = kind;
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    public static StandardOutput video(Path folder) {
        return new StandardOutput(Kind.VIDEO, folder);
    }

    public static StandardOutput mot(Path folder) {
        return new StandardOutput(Kind.MOT, folder);
    }

    public static StandardOutput jsonLines(Path folder) {
        return new StandardOutput(Kind.JSON_LINES, folder);
    }

    public static StandardOutput trackCsv(Path folder) {
        return new StandardOutput(Kind.TRACK_CSV, folder);
    }

    public static StandardOutput snapshots(Path folder) {
        return new StandardOutput(Kind.SNAPSHOTS, folder);
    }

    /** Every standard output into {@code folder}, in the order the engine reports their files. */
    public static List<StandardOutput> all(Path folder) {
        return List.of(video(folder), mot(folder), jsonLines(folder), trackCsv(folder), snapshots(folder));
    }

    public Kind kind() {
        return kind;
    }

    public Path folder() {
        return folder;
    }

    /** What this output writes for the source named {@code source}: its file, or for snapshots its folder. */
    public Path pathFor(String source) {
        SourceOutputs files = filesOf(source);
        return switch (kind) {
            case VIDEO -> files.video();
            case MOT -> files.mot();
            case JSON_LINES -> files.jsonLines();
            case TRACK_CSV -> files.trackSummary();
            case SNAPSHOTS -> files.snapshots();
        };
    }

    /** Refuses an earlier run's file (unless {@code overwrite}) or the input itself, before anything is opened. */
    void claim(String source, String uri, boolean overwrite) {
        boolean snapshots = kind == Kind.SNAPSHOTS;
        filesOf(source).claim(overwrite, uri, snapshots ? List.of() : List.of(pathFor(source)), snapshots);
    }

    /** The stage that writes this output for one source. */
    Stage open(String source, SourceInfo info, LabelMap labels, CropUpscaler snapshotUpscaler) {
        Path path = pathFor(source);
        return switch (kind) {
            case VIDEO -> new Mp4Sink(path, info.width(), info.height(), info.fps());
            case MOT -> new MotSink(path);
            case JSON_LINES -> new JsonLinesSink(path, labels);
            case TRACK_CSV -> new TrackSummarySink(path, labels);
            case SNAPSHOTS -> new SnapshotStage(path, snapshotUpscaler);
        };
    }

    private SourceOutputs filesOf(String source) {
        return new SourceOutputs(folder, SourceNames.nameForFiles(source));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " into " + folder;
    }
}
