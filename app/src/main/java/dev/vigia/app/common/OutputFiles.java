package dev.vigia.app.common;

import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Where a command's per-input outputs go, all checked before the first one is written. */
public final class OutputFiles {

    private OutputFiles() {}

    /**
     * Creates {@code folder} and gives each input its output {@code targetOf(input)}: never onto an
     * input (an --out equal to the inputs' folder), never two inputs onto one name, and an earlier
     * run's file only with {@code overwrite}.
     */
    public static List<Path> claim(Path folder, List<Path> inputs, Function<Path, Path> targetOf, boolean overwrite) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UserError("Cannot create the output folder " + folder + ": " + e.getMessage());
        }
        List<Path> targets = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path input : inputs) {
            Path target = targetOf.apply(input);
            if (Files.exists(target) && Files.isSameFile(target, input)) {
                throw new UserError("--out " + folder + " would write over the input image " + input + "; choose another --out");
            }
            if (!seen.add(target.toAbsolutePath().normalize())) {
                throw new UserError("Two inputs would both be written to " + target + "; rename one or run them separately");
            }
            if (!overwrite && Files.exists(target)) {
                throw new UserError(target + " is there from an earlier run; pass --overwrite to replace it, or choose another --out");
            }
            targets.add(target);
        }
        return targets;
    }
}
