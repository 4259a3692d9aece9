package dev.vigia.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void reportsMedianAndP95OfEveryPhase() throws Exception {
        CliRun run = CliRun.of("bench", "detect", "--detector", "nanodet", "--runs", "5", "--warmup", "1", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals(5, report.get("runs").asInt());
        for (String phase : new String[] {"preprocess", "inference", "postprocess", "total"}) {
            JsonNode figures = report.get("phases").get(phase);
            assertTrue(figures.get("median_ms").asDouble() > 0, phase);
            assertTrue(figures.get("p95_ms").asDouble() >= figures.get("median_ms").asDouble(), phase);
        }
        double total = report.get("phases").get("total").get("median_ms").asDouble();
        assertTrue(total >= report.get("phases").get("inference").get("median_ms").asDouble());
        assertTrue(report.get("preprocess_to_inference").asDouble() > 0);
    }

    @Test
    void tableForPeopleAndBadRunCount() throws Exception {
        CliRun run = CliRun.of("bench", "detect", "--runs", "2", "--warmup", "0");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("median ms"), run.out());
        assertTrue(run.out().contains("preprocess / inference"), run.out());
        assertTrue(CliRun.inChild("bench", "detect", "--runs", "0").isOneLineUserError());
    }
}
