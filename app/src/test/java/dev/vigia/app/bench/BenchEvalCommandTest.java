package dev.vigia.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import org.junit.jupiter.api.Test;

/**
 * {@code bench eval} reports what it measured and nothing else: it used to print a speed-up
 * against a pycocotools time hard-coded from another set (109 s), whatever the set's size.
 */
class BenchEvalCommandTest {

    @Test
    void reportsItsOwnTimingsAndNoSpeedUpItDidNotMeasure() throws Exception {
        CliRun text = CliRun.of("bench", "eval", "--images", "20", "--runs", "1");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().startsWith("20 images, "), text.out());
        assertFalse(text.out().contains("pycocotools"), text.out());

        CliRun json = CliRun.of("bench", "eval", "--images", "20", "--runs", "1", "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals(20, root.get("images").asInt());
        assertEquals(root.get("read_s").asDouble() + root.get("evaluate_s").asDouble(), root.get("total_s").asDouble(), 1e-9);
        java.util.Set<String> fields = new java.util.HashSet<>();
        root.fieldNames().forEachRemaining(fields::add);
        assertEquals(java.util.Set.of("images", "boxes", "detections", "read_s", "evaluate_s", "total_s", "AP"), fields,
                "the fields --json documents, no pycocotools figure");
    }
}
