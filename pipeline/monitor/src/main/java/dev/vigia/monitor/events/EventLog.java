package dev.vigia.monitor.events;

import dev.vigia.monitor.storage.UnderRoot;
import dev.vigia.monitor.storage.VigiaFiles;
import dev.vigia.monitor.storage.WriteFailures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Appends every event as one JSON line to {@code events.jsonl} and flushes it, so a killed monitor
 * leaves a valid file. The file is rotated when it passes a size or an age: it is renamed
 * {@code events-yyyyMMdd-HHmmss.jsonl} ({@link VigiaFiles#EVENT_LOGS}, which retention removes in
 * time) and a new one begun. A write that fails (a full disk) is counted and the event goes to the
 * other subscribers as usual; the file is opened again for the next event.
 */
public final class EventLog implements EventSubscriber {

    /** A new file is begun when the current one holds {@code maxBytes} or was begun {@code maxAge} ago. */
    public record Rotation(long maxBytes, Duration maxAge) {}

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path folder;
    private final Path file;
    private final Rotation rotation;
    private final WriteFailures failures;
    private final Clock clock;
    // Used on the event bus's thread only.
    private OutputStream out;
    private long size;
    private Instant begun;

    public EventLog(Path folder, Rotation rotation, WriteFailures failures) {
        this(folder, rotation, failures, Clock.systemDefaultZone());
    }

    /** As above, reading the time (rotation's age and the rotated file's name) from {@code clock}. */
    EventLog(Path folder, Rotation rotation, WriteFailures failures, Clock clock) {
        this.folder = folder.toAbsolutePath().normalize();
        this.file = UnderRoot.resolve(this.folder, VigiaFiles.CURRENT_EVENT_LOG);
        this.rotation = rotation;
        this.failures = failures;
        this.clock = clock;
    }

    @Override
    public void onEvent(ObjectEvent event) {
        byte[] line = (event.toJson().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (out == null) {
                open();
            } else if (size >= rotation.maxBytes() || !clock.instant().isBefore(begun.plus(rotation.maxAge()))) {
                rotate();
            }
            out.write(line);
            out.flush();
            size += line.length;
        } catch (IOException | RuntimeException e) {
            failures.record(WriteFailures.Kind.EVENT, event.camera(), e);
            closeQuietly();
        }
    }

    /**
     * Opens the log for appending. A file left from an earlier run keeps its size; it is rotated
     * first when it was last written longer ago than the age limit (how long ago it was begun is not
     * recorded). A line a failed write cut short is ended, so the next one stands on its own.
     */
    private void open() throws IOException {
        Files.createDirectories(folder);
        begun = clock.instant();
        size = Files.exists(file) ? Files.size(file) : 0;
        if (size > 0 && !Files.getLastModifiedTime(file).toInstant().isAfter(begun.minus(rotation.maxAge()))) {
            moveAside();
            size = 0;
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (size > 0 && !endsWithNewline()) {
            out.write('\n');
            size++;
        }
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        moveAside();
        open();
    }

    private void moveAside() throws IOException {
        String stamp = LocalDateTime.ofInstant(clock.instant(), clock.getZone()).format(STAMP);
        Path rotated = UnderRoot.resolve(folder, VigiaFiles.rotatedEventLog(stamp, 1));
        for (int n = 2; Files.exists(rotated); n++) {
            rotated = UnderRoot.resolve(folder, VigiaFiles.rotatedEventLog(stamp, n));
        }
        Files.move(file, rotated);
    }

    private boolean endsWithNewline() throws IOException {
        try (RandomAccessFile read = new RandomAccessFile(file.toFile(), "r")) {
            read.seek(read.length() - 1);
            return read.read() == '\n';
        }
    }

    private void closeQuietly() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // The failure that brought us here is counted already.
        }
        out = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
