package dev.vigia.monitor.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a file Vigía writes goes: {@code root/part/part...}, each part one plain file name. Names
 * are checked where they enter (the config, a Kafka record); this is the last check before a write,
 * so that a name that slipped through can never put a file outside its root, by {@code ..}, a
 * separator, or a link planted inside the root.
 */
public final class UnderRoot {

    private UnderRoot() {}

    /**
     * {@code root} with {@code parts} appended.
     *
     * @throws IllegalArgumentException when a part is empty, {@code .}, {@code ..}, holds a separator
     *     or a NUL, or the result (links followed as far as they exist) lies outside {@code root}
     */
    public static Path resolve(Path root, String... parts) {
        Path base = root.toAbsolutePath().normalize();
        Path path = base;
        for (String part : parts) {
            if (part == null || part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('/') >= 0
                    || part.indexOf('\\') >= 0 || part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("'" + shown(part) + "' is not a plain file name under " + base);
            }
            try {
                path = path.resolve(part);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("'" + shown(part) + "' is not a plain file name under " + base, e);
            }
        }
        if (!path.normalize().startsWith(base) || !staysUnder(base, path)) {
            throw new IllegalArgumentException(path + " lies outside " + base);
        }
        return path;
    }

    /** Whether the deepest part of {@code path} that exists is, links followed, still under the root's real place. */
    private static boolean staysUnder(Path base, Path path) {
        if (!Files.exists(base)) {
            return true;
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return true;
        }
        try {
            return existing.toRealPath().startsWith(base.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static String shown(String part) {
        return part == null ? "null" : dev.vigia.config.Names.shown(part);
    }
}
