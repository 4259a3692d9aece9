package dev.vigia.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.precision.Precision;
import dev.vigia.pipeline.mask.MaskMode;
import dev.vigia.pipeline.track.TrackerKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags over a config file over the defaults, key by key; then parsed once into a typed, validated run configuration. */
class RunSettingsTest {

    private static RunSettings flags(String detector, Float score, String source) {
        return new RunSettings(source, detector, null, Map.of(), null, null, null, null,
                null, null, null, null, null, score, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static final RunSettings CONFIG = new RunSettings(null, "centernet", "sort", Map.of("max_age", "5"), null, null, true,
            null, null, null, null, null, null, null, null, null, null, 8, null, null, null,
            List.of(new RunSettings.SourceEntry("a", "a.mp4", "file", null, null)), null, null, null, null, null);

    private static RunSettings yaml(String text) {
        return RunSettings.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static InvalidSettingException refused(String yaml) {
        return assertThrows(InvalidSettingException.class, () -> yaml(yaml).resolve());
    }

    @Test
    void eachKeyComesFromTheFlagsElseTheConfigElseTheDefaults() {
        RunSettings merged = flags("yolo", 0.2f, null).or(CONFIG).or(RunSettings.defaults());
        assertEquals("yolo", merged.detector());
        assertEquals(0.2f, merged.score());
        assertEquals("sort", merged.tracker());
        assertEquals(Map.of("max_age", "5"), merged.trackerParams(), "the flags gave none, so the config's");
        assertEquals(8, merged.ringSize());
        assertEquals("auto", merged.device());
        assertEquals("5s", merged.connectTimeout());
        assertEquals(1, merged.sources().size());
        assertEquals(CaptureMode.LIVE, merged.captureMode(), "live: true in the config");
        assertEquals(CaptureMode.FILE, merged.sources().get(0).captureMode());
        assertEquals(CaptureMode.AUTO, RunSettings.defaults().captureMode());
    }

    @Test
    void aSourceFlagHidesTheConfigsSourcesList() {
        RunSettings merged = flags(null, null, "b.mp4").or(CONFIG).or(RunSettings.defaults());
        assertEquals("b.mp4", merged.source());
        assertNull(merged.sources());
        assertEquals("centernet", merged.detector());
        RunSettings moved = CONFIG.or(RunSettings.ofSource("z.mp4"));
        assertEquals("z.mp4", moved.source());
        assertEquals("centernet", moved.detector());
        assertEquals(CONFIG.sources(), moved.sources(), "a source as the last fallback leaves the sources list in place");
        assertNull(RunSettings.none().detector());
        assertEquals(RunSettings.defaults(), RunSettings.none().or(RunSettings.defaults()), "nothing set: all defaults");
    }

    @Test
    void aSourceModeThatIsNeitherLiveNorFileIsOneLine() {
        RunSettings.SourceEntry paced = new RunSettings.SourceEntry(null, "c.mp4", "paced", null, null);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, paced::captureMode);
        assertEquals("Source c.mp4: mode 'paced' is not live or file", e.getMessage());
        assertEquals(Setting.SOURCES, e.key());
        assertNull(new RunSettings.SourceEntry(null, "c.mp4", null, null, null).captureMode(), "none given: the run's");
    }

    /** The sources example of app/docs/tracking.md, with text values for the other keys, parsed into their types. */
    @Test
    void aConfigFileResolvesIntoTypedSettingsWithEachSourcesOwnOrTheRunsValues() {
        RunConfig config = yaml("""
                sources:
                  - {name: door, source: "rtsp://cam-1/live", mode: live, detect_every: 2}
                  - {name: lobby, source: lobby.mp4, fps_cap: 10}
                batch: 2
                detect_every: 3
                tracker: ocsort
                tracker_params: {max_age: 40}
                duration: 1.5m
                connect_timeout: 500ms
                device: CPU
                precision: bf16
                masks: person
                inference_threads: 2,1
                nms: soft
                stats_json: stats.json
                """).resolve();
        assertEquals(List.of(new SourceSpec("door", "rtsp://cam-1/live", CaptureMode.LIVE, 2, 0),
                new SourceSpec("lobby", "lobby.mp4", CaptureMode.AUTO, 3, 10)), config.sources());
        assertEquals(2, config.batch());
        assertEquals(TrackerKind.OCSORT, config.tracker().kind());
        assertEquals(40, config.tracker().settings().get("max_age").asInt());
        assertEquals(Duration.ofSeconds(90), config.duration());
        assertEquals(Duration.ofMillis(500), config.connectTimeout());
        assertEquals(DeviceChoice.CPU, config.device());
        assertEquals(Precision.BF16, config.precision());
        assertEquals(MaskMode.PERSON, config.masks());
        assertEquals(2, config.inferenceThreads().intraOp());
        assertEquals(1, config.inferenceThreads().interOp());
        assertEquals(Path.of("stats.json"), config.statsJson());
        assertEquals("nanodet", config.detector(), "the default");
        assertEquals(Path.of("out"), config.out(), "the default");
        assertEquals(16, config.ringSize(), "the default");
        assertEquals(-1, config.maxRetries(), "the default");
        assertNull(config.score(), "the tracker's own");
    }

    @Test
    void sourcesWithoutANameAreNamedAfterTheirFilesAndEveryNameIsMadeUnique() {
        RunSettings twice = flags(null, null, null).or(new RunSettings(null, null, null, null, null, null, false, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, List.of(
                        new RunSettings.SourceEntry(null, "clips/vtest.avi", null, null, null),
                        new RunSettings.SourceEntry(null, "other/vtest.avi", null, null, 5.0),
                        new RunSettings.SourceEntry("vtest", "rtsp://cam/live", "live", null, null)),
                null, null, null, null, null));
        List<SourceSpec> sources = twice.resolve().sources();
        assertEquals(List.of("vtest", "vtest-2", "vtest-3"), sources.stream().map(SourceSpec::name).toList());
        assertEquals(CaptureMode.FILE, sources.get(0).mode(), "live: false, the run's");
        assertEquals(CaptureMode.LIVE, sources.get(2).mode(), "the entry's own");
        assertEquals(5.0, sources.get(1).fpsCap());
    }

    /** Each value that cannot work names its setting as a config file does; the command line turns that into its flag. */
    @Test
    void eachValueThatCannotWorkNamesItsSetting() {
        InvalidSettingException every = refused("source: a.mp4\ndetect_every: 0\n");
        assertEquals("detect_every must be at least 1, got 0", every.getMessage());
        assertEquals(Setting.DETECT_EVERY, every.key());
        assertEquals("detect_workers must be between 1 and 16, got 17", refused("source: a.mp4\ndetect_workers: 17\n").getMessage());
        assertEquals("ring_size must be a power of 2 (2, 4, 8, 16...), got 12", refused("source: a.mp4\nring_size: 12\n").getMessage());
        assertEquals("iou must be in (0, 1], got 1.5", refused("source: a.mp4\niou: 1.5\n").getMessage());
        InvalidSettingException timeout = refused("source: a.mp4\nconnect_timeout: soon\n");
        assertEquals("connect_timeout 'soon' is not a duration; write it like 30s, 2m, 1h or 500ms", timeout.getMessage());
        assertEquals(Setting.CONNECT_TIMEOUT, timeout.key());
        assertEquals(Setting.DURATION, refused("source: a.mp4\nduration: later\n").key());
        assertEquals(Setting.PRECISION, refused("source: a.mp4\nprecision: fp8\n").key());
        assertEquals("A 'sources:' entry (door) has no 'source:'; give each entry the file, folder, webcam or stream to read",
                refused("sources:\n  - {name: door}\n").getMessage());
        assertEquals("Source a.mp4: detect_every must be at least 1, got 0", refused("sources:\n  - {source: a.mp4, detect_every: 0}\n").getMessage());
        InvalidSettingException none = refused("source: ' '\n");
        assertEquals("No source: give a file, folder, webcam[:N] or stream address to read", none.getMessage());
        assertEquals(Setting.SOURCE, none.key());
        assertEquals("Unknown device 'tpu'; use auto, cpu or gpu", assertThrows(UserError.class, () -> yaml("source: a.mp4\ndevice: tpu\n").resolve()).getMessage());
    }

    @Test
    void aMisspeltKeyNamesTheNearestValidOne() {
        UserError e = assertThrows(UserError.class, () -> yaml("source: x.mp4\ndetect_evry: 3\n"));
        assertEquals("test.yaml: unknown key 'detect_evry'; did you mean 'detect_every'?", e.getMessage().substring(0, e.getMessage().indexOf(" Valid keys")));
    }
}
