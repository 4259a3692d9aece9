package dev.vigia.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.app.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigia monitor} as a user types it: checking a config, and refusing what cannot be safe. */
class MonitorCommandTest {

    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).getParent().resolve("config/monitor/cameras.yaml");

    @Test
    void theShippedExampleChecksClean() {
        CliRun run = CliRun.of("monitor", "--config", EXAMPLE.toString(), "--check");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("1 cameras, no problems"), run.out());
    }

    @Test
    void checkPrintsEachProblemOnItsOwnLineAndExitsTwo(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("cameras.yaml");
        Files.writeString(config, """
                cameras:
                  - name: door
                    url: rtsp://127.0.0.1:1/door
                    filters: {classes: [persn]}
                    lines: [{name: sill, points: [[5, 5], [5, 5]]}]
                """);
        CliRun run = CliRun.of("monitor", "--config", config.toString(), "--check");
        assertEquals(2, run.exitCode());
        assertEquals(2, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(config + ": camera 'door': filters.classes: unknown class 'persn'"), run.err());
        assertTrue(run.err().contains(config + ": camera 'door': line 'sill'.points: both points are"), run.err());
    }

    @Test
    void aDashboardBeyondLoopbackWithoutATokenIsRefused() {
        CliRun refused = CliRun.of("monitor", "--config", EXAMPLE.toString(), "--host", "0.0.0.0", "--token", "");
        assertTrue(refused.isOneLineUserError(), refused.err());
        assertTrue(refused.err().contains("needs a token; give one with --token T"), refused.err());
    }

    @Test
    void aPortInUseIsOneLineAndTheCamerasRunWithoutTheDashboard(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("cameras.yaml");
        Files.writeString(config, """
                cameras:
                  - name: street
                    url: sample:vtest.avi
                    lines: [{name: middle, points: [[400, 420], [400, 120]]}]
                events: {dir: events}
                precision: fp32
                """);
        Path stats = dir.resolve("stats.json");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("monitor", "--config", config.toString(), "--port", String.valueOf(taken.getLocalPort()),
                    "--duration", "8s", "--stats-json", stats.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use by another program, "
                    + "so the cameras run without the dashboard; choose another with --port"), run.err());
            assertTrue(Files.readAllLines(dir.resolve("events/events.jsonl")).stream().anyMatch(l -> l.contains("\"type\":\"new\"")),
                    "the camera ran and its objects were announced");
        }
        // The config's precision key reached the engine, which says it as for a model it loads itself.
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stats.toFile());
        assertEquals("fp32", json.path("precision").asText(), json.toString());
        assertEquals("asked for", json.path("precision_reason").asText(), json.toString());
    }

    @Test
    void aWrongPrecisionInTheConfigIsOneLineNamingTheFileAndKey(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("cameras.yaml"), "precision: fp16\ncameras:\n  - name: street\n    url: sample:vtest.avi\n");
        CliRun run = CliRun.of("monitor", "--config", config.toString(), "--no-dashboard");
        assertTrue(run.isOneLineUserError(), run.err());
        assertEquals("vigia: " + config + ": precision: 'fp16' is not auto, fp32 or bf16", run.err().strip());
    }
}
