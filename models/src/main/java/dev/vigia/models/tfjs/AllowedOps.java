package dev.vigia.models.tfjs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The ops a TF.js graph model may hold ({@code allowed-ops.txt}: the ops TF.js itself runs). */
final class AllowedOps {

    private static final Set<String> OPS = load();

    private AllowedOps() {}

    static boolean allowed(String op) {
        return OPS.contains(op);
    }

    private static Set<String> load() {
        try (InputStream in = AllowedOps.class.getResourceAsStream("/dev/vigia/models/tfjs/allowed-ops.txt")) {
            if (in == null) {
                throw new IllegalStateException("allowed-ops.txt is missing from the models jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#"))
                    .flatMap(line -> Arrays.stream(line.trim().split("\\s+")))
                    .filter(op -> !op.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
