package dev.vigia.pipeline.track;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Per-track state of a stage or sink (a best crop, a summary row, a trail) kept only while the
 * track is recent: a track not seen for {@code forgetAfterFrames} frames is handed to a
 * callback (write its row, save its crop) and forgotten, so state stays bounded on an endless
 * stream. Entries are kept in the order they were last seen, so retiring costs only the entries
 * that retire.
 *
 * <p>A track that comes back after it was retired starts a new entry.
 */
public final class RecentTracks<V> {

    private static final class Entry<V> {
        final V value;
        long lastFrame;

        Entry(V value) {
            this.value = value;
        }
    }

    private final long forgetAfterFrames;
    private final LinkedHashMap<Integer, Entry<V>> entries = new LinkedHashMap<>(64, 0.75f, true);

    public RecentTracks(long forgetAfterFrames) {
        if (forgetAfterFrames < 1) {
            throw new IllegalArgumentException("forgetAfterFrames must be at least 1, got " + forgetAfterFrames);
        }
        this.forgetAfterFrames = forgetAfterFrames;
    }

    /** The state of track {@code id}, created when new, marked as seen in {@code frame}. */
    public V seen(int id, long frame, Supplier<V> create) {
        Entry<V> entry = entries.get(id);
        if (entry == null) {
            entry = new Entry<>(create.get());
            entries.put(id, entry);
        }
        entry.lastFrame = frame;
        return entry.value;
    }

    /** Hands every track not seen since {@code frame - forgetAfterFrames} to {@code retired} and forgets it. */
    public void retireBefore(long frame, BiConsumer<Integer, V> retired) {
        for (Iterator<Map.Entry<Integer, Entry<V>>> it = entries.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Integer, Entry<V>> oldest = it.next();
            if (frame - oldest.getValue().lastFrame <= forgetAfterFrames) {
                return;
            }
            it.remove();
            retired.accept(oldest.getKey(), oldest.getValue().value);
        }
    }

    /** Hands every track to {@code retired}, oldest first, and forgets them all (the run ended). */
    public void retireAll(BiConsumer<Integer, V> retired) {
        for (Iterator<Map.Entry<Integer, Entry<V>>> it = entries.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Integer, Entry<V>> oldest = it.next();
            it.remove();
            retired.accept(oldest.getKey(), oldest.getValue().value);
        }
    }

    public int size() {
        return entries.size();
    }
}
