package dev.vigia.monitor.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves files from one folder and never from outside it: a request path with {@code ..}, a
 * backslash, a NUL, a leading slash or percent signs left after decoding is refused, and what
 * remains must resolve (links followed) to a regular file under the folder's real path.
 */
public final class SafeFiles {

    private final Path root;

    public SafeFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The file {@code requested} names under the folder, or empty for anything else. */
    public Optional<Path> resolve(String requested) {
        if (requested == null || requested.isEmpty() || requested.startsWith("/") || requested.contains("\\")
                || requested.indexOf('\0') >= 0 || requested.contains("%")) {
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
