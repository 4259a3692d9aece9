package dev.vigia.monitor.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends every event as one JSON line and flushes it, so a killed monitor leaves a valid file. */
public final class EventLog implements EventSubscriber {

    private final BufferedWriter out;

    public EventLog(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public void onEvent(ObjectEvent event) throws IOException {
        out.write(event.toJson().toString());
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
