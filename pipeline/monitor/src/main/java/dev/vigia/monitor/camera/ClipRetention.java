package dev.vigia.monitor.camera;

import dev.vigia.monitor.storage.FileRetention;
import dev.vigia.monitor.storage.VigiaFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Keeps the clip folder within its age and size limits: removes clips older than the limit, then
 * the oldest until the total fits. Only files named as {@link ClipRecorder} names its clips
 * ({@link VigiaFiles#CLIPS}) are touched, so a folder shared with other videos keeps them.
 */
public final class ClipRetention {

    private ClipRetention() {}

    /** @return how many clips were removed */
    public static int sweep(Path folder, Duration retain, long maxBytes) {
        return FileRetention.sweep(List.of(new FileRetention.Holding(folder, VigiaFiles.CLIPS)), retain, maxBytes);
    }
}
