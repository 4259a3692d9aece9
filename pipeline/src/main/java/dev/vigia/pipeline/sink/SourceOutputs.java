package dev.vigia.pipeline.sink;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files one source's run writes into the output folder (video, MOT, JSON Lines, per-track CSV,
 * snapshots, all named after the source), and the check made before any of them is opened: an
 * earlier run's outputs are only replaced when overwriting is allowed, and an input is never an output.
 */
public record SourceOutputs(Path folder, String base) {

    public Path video() {
        return folder.resolve(base + ".mp4");
    }

    public Path mot() {
        return folder.resolve(base + ".mot.txt");
    }

    public Path jsonLines() {
        return folder.resolve(base + ".jsonl");
    }

    public Path trackSummary() {
        return folder.resolve(base + ".tracks.csv");
    }

    public Path snapshots() {
        return folder.resolve("snapshots").resolve(base);
    }

    public List<Path> files() {
        return List.of(video(), mot(), jsonLines(), trackSummary());
    }

    /**
     * Makes the folder and refuses to go on when an earlier run's output is there, unless
     * {@code overwrite}; then the earlier snapshots are removed so old crops never mix with new.
     */
    public void claim(boolean overwrite, String source) {
        claim(overwrite, source, files(), true);
    }

    /** The same check for some of the files, {@code outputs}, and for the snapshots' folder when {@code snapshots}. */
    public void claim(boolean overwrite, String source, List<Path> outputs, boolean snapshots) {
        createFolder(folder);
        for (Path file : outputs) {
            refuseInput(file, source);
            if (!overwrite && Files.exists(file)) {
                throw new InvalidSettingException(Setting.OVERWRITE, file + " is there from an earlier run");
            }
        }
        if (snapshots && hasFiles(snapshots())) {
            if (!overwrite) {
                throw new InvalidSettingException(Setting.OVERWRITE, snapshots() + " holds snapshots from an earlier run");
            }
            try (Stream<Path> old = Files.list(snapshots())) {
                for (Path crop : old.filter(f -> f.getFileName().toString().matches("track-\\d+\\.jpg")).toList()) {
                    Files.delete(crop);
                }
            } catch (IOException e) {
                throw new UserError("Cannot remove the earlier snapshots in " + snapshots() + ": " + e.getMessage());
            }
        }
    }

    /** The same check for a single result file. */
    public static void claimFile(Path file, boolean overwrite) {
        if (file.getParent() != null) {
            createFolder(file.getParent());
        }
        if (!overwrite && Files.exists(file)) {
            throw new InvalidSettingException(Setting.OVERWRITE, file + " is there from an earlier run");
        }
    }

    private static void refuseInput(Path output, String source) {
        Path input = Path.of(source.contains("://") ? "" : source);
        try {
            if (!source.contains("://") && Files.exists(input) && Files.exists(output) && Files.isSameFile(input, output)) {
                throw new InvalidSettingException(Setting.OUT, "The output " + output + " is the input video itself; choose another output folder");
            }
        } catch (IOException e) {
            throw new UserError("Cannot check " + output + ": " + e.getMessage());
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UserError("Cannot create the output folder " + folder + ": " + e.getMessage());
        }
    }

    private static boolean hasFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }
}
