package dev.vigia.app.track;

import dev.vigia.config.UserError;
import dev.vigia.pipeline.CaptureMode;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code vigia track} can be told, as one typed record: what a YAML {@code --config}
 * file holds, key for key (snake_case), and what the flags override. Unset fields are null.
 */
record TrackSettings(
        String source,
        String detector,
        String tracker,
        Map<String, String> trackerParams,
        String out,
        Boolean show,
        Boolean live,
        Boolean realtime,
        Integer detectEvery,
        Integer detectWorkers,
        Long maxFrames,
        String duration,
        String statsJson,
        Float score,
        String nms,
        Float iou,
        String device,
        Integer ringSize,
        String connectTimeout,
        Integer maxRetries,
        Boolean overwrite,
        List<SourceEntry> sources,
        Integer batch,
        String inferenceThreads,
        String masks,
        String segmenter,
        String precision) {

    /**
     * One entry of a config's {@code sources:} list: a name (outputs and statistics are named
     * after it; default: the file or stream's base name), what to read, the capture mode (live or
     * file; default: by kind), every how many frames to detect (default: the run's), an fps cap.
     */
    record SourceEntry(String name, String source, String mode, Integer detectEvery, Double fpsCap) {

        /** The entry's {@code mode:}, parsed once; null when it gives none. */
        CaptureMode captureMode() {
            if (mode == null) {
                return null;
            }
            return CaptureMode.fromConfig(mode).orElseThrow(
                    () -> new UserError("Source " + source + ": mode '" + mode + "' is not live or file"));
        }
    }

    /** The run's capture mode: {@code live: true} (or --live), {@code live: false} (or --file), else by each source's kind. */
    CaptureMode captureMode() {
        return live == null ? CaptureMode.AUTO : live ? CaptureMode.LIVE : CaptureMode.FILE;
    }

    static TrackSettings defaults() {
        return new TrackSettings(null, "nanodet", "bytetrack", Map.of(), "out", false, null, false, 1, 1, 0L, null, null,
                null, null, null, "auto", 16, "5s", -1, false, null, 1, "auto", "off", null, "fp32");
    }

    /** Nothing set: what a run without a config file contributes. */
    static TrackSettings none() {
        return build(new Object[COMPONENTS.length]);
    }

    TrackSettings withSource(String newSource) {
        Object[] values = values(this);
        values[index("source")] = newSource;
        return build(values);
    }

    /**
     * This record's values where set, else {@code fallback}'s, key by key. Two keys merge as
     * lists: tracker parameters are taken whole from whichever gives some, and a single
     * {@code source} given here hides the fallback's {@code sources:} list.
     */
    TrackSettings or(TrackSettings fallback) {
        Object[] mine = values(this);
        Object[] theirs = values(fallback);
        Object[] merged = new Object[mine.length];
        for (int i = 0; i < merged.length; i++) {
            merged[i] = mine[i] != null ? mine[i] : theirs[i];
        }
        merged[index("trackerParams")] = trackerParams != null && !trackerParams.isEmpty() ? trackerParams : fallback.trackerParams;
        merged[index("sources")] = sources != null && !sources.isEmpty() ? sources : source != null ? null : fallback.sources;
        return build(merged);
    }

    // One place knows the fields' order: the record's own components, read once.
    private static final RecordComponent[] COMPONENTS = TrackSettings.class.getRecordComponents();

    private static int index(String name) {
        for (int i = 0; i < COMPONENTS.length; i++) {
            if (COMPONENTS[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("TrackSettings has no " + name);
    }

    private static Object[] values(TrackSettings settings) {
        Object[] values = new Object[COMPONENTS.length];
        try {
            for (int i = 0; i < COMPONENTS.length; i++) {
                values[i] = COMPONENTS[i].getAccessor().invoke(settings);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    private static TrackSettings build(Object[] values) {
        try {
            return (TrackSettings) TrackSettings.class.getDeclaredConstructor(
                    Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new)).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    void validate() {
        if ((source == null || source.isBlank()) && (sources == null || sources.isEmpty())) {
            throw new UserError("No source: give --source FILE|FOLDER|webcam[:N]|rtsp://... (or 'source:' or 'sources:' in --config)");
        }
        if (sources != null) {
            for (SourceEntry entry : sources) {
                if (entry.source() == null || entry.source().isBlank()) {
                    throw new UserError("A 'sources:' entry" + (entry.name() != null ? " (" + entry.name() + ")" : "")
                            + " has no 'source:'; give each entry the file, folder, webcam or stream to read");
                }
                entry.captureMode();
            }
        }
        if (detectEvery < 1) {
            throw new UserError("--detect-every must be at least 1, got " + detectEvery);
        }
        if (detectWorkers < 1 || detectWorkers > 16) {
            throw new UserError("--detect-workers must be between 1 and 16, got " + detectWorkers);
        }
        if (Integer.bitCount(ringSize) != 1 || ringSize < 2) {
            throw new UserError("ring_size must be a power of 2 (2, 4, 8, 16...), got " + ringSize);
        }
        if (iou != null && !(iou > 0 && iou <= 1)) {
            throw new UserError("--iou must be in (0, 1], got " + iou);
        }
    }
}
