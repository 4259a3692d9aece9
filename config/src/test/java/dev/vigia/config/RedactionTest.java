package dev.vigia.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void hidesThePasswordOfTheUserInfo() {
        assertEquals("rtsp://admin:***@cam-3/live", Redaction.redact("rtsp://admin:S3cret@cam-3/live"));
        assertEquals("rtsp://admin:***@10.0.0.5:554/s1", Redaction.redact("rtsp://admin:S3cret@10.0.0.5:554/s1"));
    }

    @Test
    void aPasswordWithAtOrSlashIsHiddenWhole() {
        assertEquals("rtsp://admin:***@cam/live", Redaction.redact("rtsp://admin:p@ss@cam/live"));
        assertEquals("rtsp://admin:***@cam/live", Redaction.redact("rtsp://admin:pa/ss@cam/live"));
        assertEquals("rtsp://admin:***@cam", Redaction.redact("rtsp://admin:a/b@c@cam"));
    }

    @Test
    void aUserNameWithADomainIsKeptAndItsPasswordHidden() {
        assertEquals("rtsp://ops@example.org:***@cam/live", Redaction.redact("rtsp://ops@example.org:pw@cam/live"));
        assertEquals("rtsp://ops@cam/live", Redaction.redact("rtsp://ops@cam/live"));
    }

    @Test
    void credentialQueryParametersAreHiddenOthersKept() {
        assertEquals("http://cam/snap.cgi?user=admin&password=***&channel=1",
                Redaction.redact("http://cam/snap.cgi?user=admin&password=hunter2&channel=1"));
        assertEquals("https://cam/live?TOKEN=***#top", Redaction.redact("https://cam/live?TOKEN=abc#top"));
        assertEquals("rtsp://u:***@cam/live?pwd=***", Redaction.redact("rtsp://u:x@cam/live?pwd=y@z"));
    }

    @Test
    void filesAndDevicesPassAsTheyAre() {
        assertEquals("/videos/door.mp4", Redaction.redact("/videos/door.mp4"));
        assertEquals("webcam:0", Redaction.redact("webcam:0"));
        assertEquals("sample:vtest", Redaction.redact("sample:vtest"));
    }
}
