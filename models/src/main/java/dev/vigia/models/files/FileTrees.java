package dev.vigia.models.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Small file-tree helpers the store needs: hashing every file, copying and deleting a tree. */
public final class FileTrees {

    private FileTrees() {}

    /** SHA-256 of every regular file under {@code root}, keyed by its relative path with '/'. */
    public static Map<String, String> sha256(Path root) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                hashes.put(root.relativize(file).toString().replace('\\', '/'), sha256File(file));
            }
        }
        return hashes;
    }

    public static String sha256File(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The parts of a SavedModel folder TensorFlow loads, and nothing else that lies beside them. */
    private static final java.util.List<String> SAVED_MODEL_PARTS =
            java.util.List.of("saved_model.pb", "saved_model.pbtxt", "fingerprint.pb", "variables", "assets");

    /** Copies a SavedModel's own files (graph, variables, assets), not whatever else is in its folder. */
    public static void copySavedModel(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String part : SAVED_MODEL_PARTS) {
            Path source = from.resolve(part);
            if (Files.isDirectory(source)) {
                copyTree(source, to.resolve(part));
            } else if (Files.isRegularFile(source)) {
                Files.copy(source, to.resolve(part));
            }
        }
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** Deletes a folder and everything in it (nothing when it is not there); a file that cannot be deleted is an error. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // Best effort: a leftover temporary file does no harm and is retried next time.
                }
            });
        } catch (IOException ignored) {
            // Same as above.
        }
    }
}
