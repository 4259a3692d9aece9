package dev.vigia.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import dev.vigia.samples.SampleMedia;
import org.junit.jupiter.api.Test;

/** {@code vigia bench motion}: plain and gated runs of the same video in one run, and their ratios. */
class BenchMotionCommandTest {

    @Test
    void reportsBothRunsAndTheirRatios() throws Exception {
        CliRun run = CliRun.of("bench", "motion", "--source", SampleMedia.standard().file("vtest.avi").toString(),
                "--frames", "30", "--rounds", "1", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode round = new ObjectMapper().readTree(run.out()).get("rounds").get(0);
        assertEquals(30, round.get("plain").get("detections").asLong(), "without gating every frame is detected");
        long gated = round.get("motion").get("detections").asLong();
        assertTrue(gated >= 1 && gated <= 30, "gated detections: " + gated);
        assertEquals(Math.round(gated / 30.0 * 1000) / 1000.0, round.get("detections_ratio").asDouble(), 1e-9);
        double fpsRatio = round.get("motion").get("fps").asDouble() / round.get("plain").get("fps").asDouble();
        assertEquals(fpsRatio, round.get("fps_ratio").asDouble(), 0.01);
    }

    @Test
    void badRoundsAreOneLine() throws Exception {
        CliRun run = CliRun.inChild("bench", "motion", "--rounds", "0");
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("--rounds must be 1 to 10, got 0"), run.err());
    }
}
