package dev.vigia.monitor.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Vigía's own files within an age and a total size: files older than the age go, then the
 * oldest until the total fits. Only files whose path under their root has one of
 * {@link VigiaFiles}' forms are counted or removed; links are never followed. A file that cannot
 * be removed is logged and the sweep goes on.
 */
public final class FileRetention {

    private static final Logger LOG = LoggerFactory.getLogger(FileRetention.class);

    /** Files of {@code kind} under {@code root}. */
    public record Holding(Path root, VigiaFiles.Kind kind) {}

    private record Found(Path path, Instant modified, long size) {}

    private FileRetention() {}

    /** @return how many files were removed */
    public static synchronized int sweep(List<Holding> holdings, Duration retain, long maxBytes) {
        List<Found> files = new ArrayList<>();
        for (Holding holding : holdings) {
            list(holding, files);
        }
        files.sort(Comparator.comparing(Found::modified));
        Instant oldestKept = Instant.now().minus(retain);
        long total = files.stream().mapToLong(Found::size).sum();
        int removed = 0;
        for (Found file : files) {
            if (!file.modified().isBefore(oldestKept) && total <= maxBytes) {
                break;
            }
            try {
                Files.deleteIfExists(file.path());
                total -= file.size();
                removed++;
            } catch (IOException e) {
                LOG.warn("Cannot remove old file {}: {}", file.path(), e.toString());
            }
        }
        return removed;
    }

    private static void list(Holding holding, List<Found> into) {
        Path given = holding.root().toAbsolutePath().normalize();
        if (!Files.isDirectory(given)) {
            return;
        }
        // The root may be a link the user made (clips on another disk); links inside it are not followed.
        try {
            Path root = given.toRealPath();
            try (Stream<Path> walk = Files.walk(root, holding.kind().depth())) {
                for (Path file : (Iterable<Path>) walk::iterator) {
                    String relative = root.relativize(file).toString().replace('\\', '/');
                    if (!holding.kind().matches(relative)) {
                        continue;
                    }
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile()) {
                        into.add(new Found(file, attributes.lastModifiedTime().toInstant(), attributes.size()));
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("Cannot list {} files in {}: {}", holding.kind().name(), given, e.toString());
        }
    }
}
