package dev.vigia.app.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigia count} on a track file whose counts were worked out by hand. The line "door" runs
 * from (100, 200) up to (100, 0): walking right is "in". The zone "yard" is the rectangle x 0..100,
 * y 0..200. Every box is 10 x 20 with its bottom centre at (x, 100).
 */
class CountCommandTest {

    private static final String LINE = "door=100,200,100,0";
    private static final String ZONE = "yard=0,0,100,0,100,200,0,200";

    /** Track 1 (person) walks right; 2 (car) goes left then right; 3 (person) jitters on the line; 4 (person) stands in the yard. */
    private static Path tracks(Path dir) throws Exception {
        List<String> rows = new ArrayList<>();
        row(rows, 1, 0, 1, 50, 80, 120, 150);
        row(rows, 2, 2, 1, 150, 150, 50, 50, 150, 150);
        row(rows, 3, 0, 1, 90, 110, 90, 110);
        row(rows, 4, 0, 2, 30, 30);
        rows.sort(java.util.Comparator.comparingInt(r -> Integer.parseInt(r.split(",")[0])));
        Path file = dir.resolve("tracks.mot.txt");
        Files.write(file, rows);
        return file;
    }

    private static void row(List<String> rows, int id, int classId, int firstFrame, double... xs) {
        for (int i = 0; i < xs.length; i++) {
            rows.add(String.format(Locale.ROOT, "%d,%d,%.1f,%.1f,10,20,0.9,%d,-1,-1", firstFrame + i, id, xs[i] - 5, 80.0, classId));
        }
    }

    @Test
    void countsCrossingsAndZoneVisitsAsWorkedOutByHand(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("count", "--tracks", tracks(dir).toString(), "--line", LINE, "--zone", ZONE,
                "--min-frames", "2", "--inertia", "2", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode door = json.at("/lines/door");
        assertEquals(2, door.get("in").asInt(), json.toString());
        assertEquals(1, door.get("out").asInt(), json.toString());
        assertEquals(1, door.at("/by_class/person/in").asInt());
        assertEquals(0, door.at("/by_class/person/out").asInt());
        assertEquals(1, door.at("/by_class/car/in").asInt());
        assertEquals(1, door.at("/by_class/car/out").asInt());
        JsonNode yard = json.at("/zones/yard");
        assertEquals(3, yard.get("entered").asInt(), "tracks 1, 2 and 4: " + yard);
        assertEquals(2, yard.get("exited").asInt(), "track 4 ends inside and has not exited: " + yard);
        assertEquals(2, yard.get("max_occupancy").asInt(), "frame 3 has tracks 1 and 4 inside: " + yard);
    }

    @Test
    void withoutHysteresisJitterCountsToo(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("count", "--tracks", tracks(dir).toString(), "--line", LINE, "--min-frames", "1", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode door = new ObjectMapper().readTree(run.out()).at("/lines/door");
        assertEquals(4, door.get("in").asInt(), "1 + 1 + track 3's two: " + door);
        assertEquals(2, door.get("out").asInt(), "track 2's and track 3's: " + door);
    }

    @Test
    void aLineOfZeroLengthIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("count", "--tracks", tracks(dir).toString(), "--line", "door=5,5,5,5");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("--line 'door=5,5,5,5'") && run.err().contains("zero length"), run.err());
    }

    @Test
    void aZoneOfTwoPointsIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("count", "--tracks", tracks(dir).toString(), "--zone", "z=0,0,10,0");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("at least 3 points"), run.err());
    }
}
