package dev.vigia.monitor.camera;

import java.io.IOException;
import java.nio.file.Files;
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

/** Keeps the clip folder within its age and size limits: removes clips older than the limit, then the oldest until the total fits. */
public final class ClipRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ClipRetention.class);

    private record Clip(Path path, Instant modified, long size) {}

    private ClipRetention() {}

    /** @return how many clips were removed */
    public static synchronized int sweep(Path folder, Duration retain, long maxBytes) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        List<Clip> clips = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder, 2)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".mp4") && Files.isRegularFile(file)) {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    clips.add(new Clip(file, attributes.lastModifiedTime().toInstant(), attributes.size()));
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list clips in {}: {}", folder, e.getMessage());
            return 0;
        }
        clips.sort(Comparator.comparing(Clip::modified));
        Instant oldestKept = Instant.now().minus(retain);
        long total = clips.stream().mapToLong(Clip::size).sum();
        int removed = 0;
        for (Clip clip : clips) {
            if (!clip.modified().isBefore(oldestKept) && total <= maxBytes) {
                break;
            }
            try {
                Files.deleteIfExists(clip.path());
                total -= clip.size();
                removed++;
            } catch (IOException e) {
                LOG.warn("Cannot remove old clip {}: {}", clip.path(), e.getMessage());
            }
        }
        return removed;
    }
}
