package dev.vigia.pipeline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SourceNamesTest {

    @Test
    void streamsAreShownWithoutUserPasswordOrQuery() {
        assertEquals("rtsp://cam.local/s1", SourceNames.display("rtsp://admin:S3cret@cam.local/s1"));
        assertEquals("rtsp://10.0.0.5:8554/live/main", SourceNames.display("rtsp://u:p@ss@10.0.0.5:8554/live/main?token=abc#x"));
        assertEquals("https://host/stream.m3u8", SourceNames.display("HTTPS://host/stream.m3u8?sig=1"));
        assertEquals("rtmp://host", SourceNames.display("rtmp://user@host"));
        assertEquals("videos/a b.mp4", SourceNames.display("videos/a b.mp4"));
        // A password with '/' (the old parse took the first '/' for the path and showed "admin:p/ss@cam"),
        // and a user name with '@'.
        assertEquals("rtsp://cam/s1", SourceNames.display("rtsp://admin:p/ss@cam/s1?token=x"));
        assertEquals("rtsp://cam:554/s1", SourceNames.display("rtsp://ops@example.org:pw@cam:554/s1"));
    }

    @Test
    void outputNamesCarryHostAndPathOnlyAndAreCapped() {
        assertEquals("host_s1", SourceNames.fileBase("rtsp://admin:S3cret@host/s1"));
        assertEquals("cam_8554_live", SourceNames.fileBase("rtsp://cam:8554/live?token=T0ken"));
        assertEquals("vtest", SourceNames.fileBase("/data/vtest.avi"));
        assertEquals("webcam_1", SourceNames.fileBase("webcam:1"));
        String longName = SourceNames.fileBase("rtsp://host/" + "x".repeat(300));
        assertEquals(SourceNames.MAX_FILE_BASE, longName.length());
        assertTrue(longName.startsWith("host_xxx"));
    }
}
