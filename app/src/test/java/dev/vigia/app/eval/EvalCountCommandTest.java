package dev.vigia.app.eval;

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
 * {@code vigia eval count} on files worked out by hand. The line "door" runs from (100, 200) up to
 * (100, 0): walking right is "in". Every box is 10 x 20 with its bottom centre at (x, 100). The
 * ground truth has one walker crossing right and one crossing left; the tracker follows the first
 * across, then switches its id just behind the line (x 96) and crosses again, and loses the second
 * before the line.
 */
class EvalCountCommandTest {

    private static final String LINE = "door=100,200,100,0";

    private static void walk(List<String> rows, int id, int firstFrame, double... xs) {
        for (int i = 0; i < xs.length; i++) {
            rows.add(String.format(Locale.ROOT, "%d,%d,%.1f,80,10,20,1,-1,-1,-1", firstFrame + i, id, xs[i] - 5));
        }
    }

    private static Path groundTruth(Path dir) throws Exception {
        List<String> rows = new ArrayList<>();
        walk(rows, 1, 1, 40, 60, 80, 95, 105, 120, 140, 160);
        walk(rows, 2, 1, 170, 150, 130, 110, 90, 70);
        return Files.write(dir.resolve("gt.txt"), rows);
    }

    private static Path tracker(Path dir) throws Exception {
        List<String> rows = new ArrayList<>();
        walk(rows, 7, 1, 40, 60, 80, 95, 105, 120);
        walk(rows, 8, 7, 96, 104, 110);
        walk(rows, 9, 1, 170, 150, 130, 110);
        return Files.write(dir.resolve("pred.txt"), rows);
    }

    @Test
    void printsEachDirectionsErrorAndWritesTheJsonFile(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("count.json");
        CliRun run = CliRun.of("eval", "count", "--gt", groundTruth(dir).toString(), "--pred", tracker(dir).toString(),
                "--line", LINE, "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("line\\s+door\\s+in\\s+1\\s+2\\s+\\+1\\s+100\\.0%")), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("line\\s+door\\s+out\\s+1\\s+0\\s+-1\\s+100\\.0%")), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("total\\s+2\\s+2\\s+\\+0\\s+100\\.0%.*summed: 2\\)")), run.out());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, report.at("/lines/door/in/pred").asInt(), report.toString());
        assertEquals(-1, report.at("/lines/door/out/error").asInt(), report.toString());
        assertEquals(0, report.at("/total/error").asInt(), report.toString());
        assertEquals(2, report.at("/total/abs_error").asInt(), report.toString());
    }

    @Test
    void aMissingFileOrABadLineIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path gt = groundTruth(dir);
        CliRun missing = CliRun.inChild("eval", "count", "--gt", gt.toString(), "--pred", dir.resolve("nope.txt").toString(),
                "--line", LINE);
        assertTrue(missing.isOneLineUserError(), missing.err());
        assertTrue(missing.err().contains("nope.txt does not exist"), missing.err());

        CliRun badLine = CliRun.of("eval", "count", "--gt", gt.toString(), "--pred", tracker(dir).toString(), "--line", "door=1,2,3");
        assertEquals(2, badLine.exitCode(), badLine.err());
        assertEquals(1, badLine.err().strip().lines().count(), badLine.err());
        assertTrue(badLine.err().contains("--line 'door=1,2,3': a line is NAME=x1,y1,x2,y2 (4 numbers), got 3"), badLine.err());

        CliRun nothing = CliRun.of("eval", "count", "--gt", gt.toString(), "--pred", tracker(dir).toString());
        assertEquals(2, nothing.exitCode(), nothing.err());
        assertTrue(nothing.err().contains("Nothing to count"), nothing.err());
    }
}
