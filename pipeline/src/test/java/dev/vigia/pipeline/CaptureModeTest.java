package dev.vigia.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One capture-mode type from a config's text to a lane: AUTO settles by the source's kind. */
class CaptureModeTest {

    @Test
    void autoBecomesLiveForLiveSourcesAndFileForTheRestWhileTheOthersStay() {
        assertEquals(CaptureMode.LIVE, CaptureMode.AUTO.resolve(true));
        assertEquals(CaptureMode.FILE, CaptureMode.AUTO.resolve(false));
        assertEquals(CaptureMode.FILE, CaptureMode.FILE.resolve(true), "a stream read losslessly, as asked");
        assertEquals(CaptureMode.LIVE, CaptureMode.LIVE.resolve(false), "a file read as if live, as asked");
    }

    @Test
    void configTextIsLiveOrFileInAnyCase() {
        assertEquals(Optional.of(CaptureMode.LIVE), CaptureMode.fromConfig("Live"));
        assertEquals(Optional.of(CaptureMode.FILE), CaptureMode.fromConfig("file"));
        assertEquals(Optional.empty(), CaptureMode.fromConfig("auto"), "a config names live or file; leaving it out is auto");
        assertEquals(Optional.empty(), CaptureMode.fromConfig("paced"));
        assertEquals(Optional.empty(), CaptureMode.fromConfig(null));
        assertEquals("file", CaptureMode.FILE.toString());
    }
}
