package dev.vigia.monitor.storage;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes that failed (a full disk, a folder that cannot be made), counted per kind and camera. A
 * failed write never stops a camera: the writer records it here and goes on. The count is a
 * metric; the log gets one summary a minute ({@link #report()}), not a line per frame.
 */
public final class WriteFailures {

    /** What was being written. */
    public enum Kind {
        SNAPSHOT, CLIP, EVENT;

        /** The metric's label value. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Key(Kind kind, String camera) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byKind = kind.compareTo(other.kind);
            return byKind != 0 ? byKind : camera.compareTo(other.camera);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WriteFailures.class);

    private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<Key, Long> reported = new ConcurrentHashMap<>();
    private final Map<Key, String> lastProblem = new ConcurrentHashMap<>();

    /** Counts one failed write of {@code kind} for {@code camera}; {@code problem} is kept for the next report. */
    public void record(Kind kind, String camera, Exception problem) {
        Key key = new Key(kind, camera == null ? "?" : camera);
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        lastProblem.put(key, problem.toString());
    }

    public long count(Kind kind, String camera) {
        AtomicLong count = counts.get(new Key(kind, camera));
        return count == null ? 0 : count.get();
    }

    /**
     * Logs one warning for the failures since the last report (none when there were none) and
     * returns it, or null.
     */
    public String report() {
        StringBuilder line = new StringBuilder();
        for (Map.Entry<Key, AtomicLong> entry : new TreeMap<>(counts).entrySet()) {
            Key key = entry.getKey();
            long now = entry.getValue().get();
            long since = now - reported.getOrDefault(key, 0L);
            if (since > 0) {
                reported.put(key, now);
                line.append(line.length() == 0 ? "" : "; ").append(since).append(' ').append(key.kind().label())
                        .append(since == 1 ? " write" : " writes").append(" of camera ").append(key.camera())
                        .append(" failed (last: ").append(lastProblem.get(key)).append(')');
            }
        }
        if (line.length() == 0) {
            return null;
        }
        String message = line + "; check the disk's free space and the folders' permissions (the cameras go on)";
        LOG.warn(message);
        return message;
    }
}
