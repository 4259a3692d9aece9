package dev.vigia.monitor.web;

import dev.vigia.monitor.storage.VigiaFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves Vigía's own files of one kind from one folder and never anything else: a request path
 * with {@code ..}, a backslash, a NUL, a leading slash or percent signs left after decoding is
 * refused; what remains must be named as Vigía names that kind ({@link VigiaFiles}), so a folder
 * shared with the user's files (the config and its passwords) never serves them; and it must
 * resolve (links followed) to a regular file under the folder's real path.
 */
public final class SafeFiles {

    private final Path root;
    private final VigiaFiles.Kind kind;

    private SafeFiles(Path root, VigiaFiles.Kind kind) {
        this.root = root.toAbsolutePath().normalize();
        this.kind = kind;
    }

    /** Event clips under the recordings folder. */
    public static SafeFiles clips(Path root) {
        return new SafeFiles(root, VigiaFiles.CLIPS);
    }

    /** Event snapshots under the events folder's {@code snapshots}. */
    public static SafeFiles snapshots(Path root) {
        return new SafeFiles(root, VigiaFiles.SNAPSHOTS);
    }

    /** The file {@code requested} names under the folder, or empty for anything else. */
    public Optional<Path> resolve(String requested) {
        if (requested == null || requested.isEmpty() || requested.startsWith("/") || requested.contains("\\")
                || requested.indexOf('\0') >= 0 || requested.contains("%") || !kind.matches(requested)) {
            return Optional.empty();
        }
        for (String part : requested.split("/")) {
            if (part.equals("..") || part.equals(".") || part.isEmpty()) {
                return Optional.empty();
            }
        }
        try {
            Path candidate = root.resolve(requested).normalize();
            if (!candidate.startsWith(root) || !Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            Path real = candidate.toRealPath();
            if (!Files.isDirectory(root) || !real.startsWith(root.toRealPath())) {
                return Optional.empty();
            }
            return Optional.of(real);
        } catch (InvalidPathException | IOException e) {
            return Optional.empty();
        }
    }
}
