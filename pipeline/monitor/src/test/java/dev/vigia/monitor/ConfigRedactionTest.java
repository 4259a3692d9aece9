package dev.vigia.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.monitor.config.MonitorSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /api/config} serves of camera addresses: passwords hidden whatever they contain, in
 * the user info and in the query, user names (also {@code user@domain}) kept. The expected
 * addresses are written out by hand.
 */
class ConfigRedactionTest {

    @Test
    void passwordsAreHiddenInEveryFormAUserWritesThem(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("cameras.yaml");
        Files.writeString(config, """
                cameras:
                  - name: gate
                    url: "rtsp://admin:p@ss/w0rd@cam1/live?password=hunter2&channel=1"
                  - name: yard
                    url: "rtsp://ops@example.org:S3cret@cam2:554/s1"
                  - name: shop
                    url: "http://cam3/video.mjpg?user=bob&token=abc123"
                  - name: door
                    url: "rtsp://cam4/s1"
                """);
        JsonNode cameras = Monitor.configJson(MonitorSetup.load(config, LabelMap.resolve("coco80"))).get("cameras");
        assertEquals("rtsp://admin:***@cam1/live?password=***&channel=1", cameras.get(0).get("url").asText());
        assertEquals("rtsp://ops@example.org:***@cam2:554/s1", cameras.get(1).get("url").asText());
        assertEquals("http://cam3/video.mjpg?user=bob&token=***", cameras.get(2).get("url").asText());
        assertEquals("rtsp://cam4/s1", cameras.get(3).get("url").asText());
        String served = cameras.toString();
        for (String secret : new String[] {"p@ss", "w0rd", "hunter2", "S3cret", "abc123"}) {
            assertFalse(served.contains(secret), secret + " is served: " + served);
        }
    }
}
