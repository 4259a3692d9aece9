package dev.vigia.app.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigia.config.UserError;
import dev.vigia.pipeline.CaptureMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags over a config file over the defaults, key by key; capture modes parsed once. */
class TrackSettingsTest {

    private static TrackSettings flags(String detector, Float score, String source) {
        return new TrackSettings(source, detector, null, Map.of(), null, null, null, null,
                null, null, null, null, null, score, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static final TrackSettings CONFIG = new TrackSettings(null, "centernet", "sort", Map.of("max_age", "5"), null, null, true,
            null, null, null, null, null, null, null, null, null, null, 8, null, null, null,
            List.of(new TrackSettings.SourceEntry("a", "a.mp4", "file", null, null)), null, null, null, null, null);

    @Test
    void eachKeyComesFromTheFlagsElseTheConfigElseTheDefaults() {
        TrackSettings merged = flags("yolo", 0.2f, null).or(CONFIG).or(TrackSettings.defaults());
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
        assertEquals(CaptureMode.AUTO, TrackSettings.defaults().captureMode());
    }

    @Test
    void aSourceFlagHidesTheConfigsSourcesList() {
        TrackSettings merged = flags(null, null, "b.mp4").or(CONFIG).or(TrackSettings.defaults());
        assertEquals("b.mp4", merged.source());
        assertNull(merged.sources());
        assertEquals("centernet", merged.detector());
        TrackSettings moved = CONFIG.withSource("z.mp4");
        assertEquals("z.mp4", moved.source());
        assertEquals("centernet", moved.detector());
        assertEquals(CONFIG.sources(), moved.sources());
        assertNull(TrackSettings.none().detector());
        assertEquals(TrackSettings.defaults(), TrackSettings.none().or(TrackSettings.defaults()), "nothing set: all defaults");
    }

    @Test
    void aSourceModeThatIsNeitherLiveNorFileIsOneLine() {
        TrackSettings.SourceEntry paced = new TrackSettings.SourceEntry(null, "c.mp4", "paced", null, null);
        assertEquals("Source c.mp4: mode 'paced' is not live or file", assertThrows(UserError.class, paced::captureMode).getMessage());
        assertNull(new TrackSettings.SourceEntry(null, "c.mp4", null, null, null).captureMode(), "none given: the run's");
    }
}
