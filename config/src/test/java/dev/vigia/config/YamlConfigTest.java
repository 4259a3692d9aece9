package dev.vigia.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlConfigTest {

    record TrackerSettings(int maxAge, int minHits, double iouThreshold) {}

    private static TrackerSettings parse(String yaml) {
        return YamlConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "sort.yaml", TrackerSettings.class);
    }

    @Test
    void readsSnakeCaseKeysIntoRecordComponents() {
        TrackerSettings settings = parse("# comment\nmax_age: 3\nmin_hits: 2\niou_threshold: 0.3\n");
        assertEquals(new TrackerSettings(3, 2, 0.3), settings);
    }

    @Test
    void unknownKeyNamesFileKeyAndNearestValidKey() {
        UserError error = assertThrows(UserError.class, () -> parse("max_age: 3\nmin_hit: 2\niou_threshold: 0.3\n"));
        assertTrue(error.getMessage().startsWith("sort.yaml: unknown key 'min_hit'"), error.getMessage());
        assertTrue(error.getMessage().contains("did you mean 'min_hits'?"), error.getMessage());
    }

    @Test
    void badValueNamesTheKey() {
        UserError error = assertThrows(UserError.class, () -> parse("max_age: many\nmin_hits: 2\niou_threshold: 0.3\n"));
        assertTrue(error.getMessage().contains("'max_age'"), error.getMessage());
    }

    @Test
    void malformedYamlNamesTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "max_age: 3\n  min_hits: [2\n");
        UserError error = assertThrows(UserError.class, () -> YamlConfig.read(file, TrackerSettings.class));
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("line"), error.getMessage());
    }

    @Test
    void missingFileIsAUserError(@TempDir Path dir) {
        UserError error = assertThrows(UserError.class, () -> YamlConfig.read(dir.resolve("none.yaml"), TrackerSettings.class));
        assertTrue(error.getMessage().contains("does not exist"));
    }

    @Test
    void editDistanceCountsSingleEdits() {
        assertEquals(0, YamlConfig.editDistance("track", "track"));
        assertEquals(1, YamlConfig.editDistance("min_hit", "min_hits"));
        assertEquals(2, YamlConfig.editDistance("max_aeg", "max_age"));
        assertEquals(3, YamlConfig.editDistance("", "abc"));
    }
}
