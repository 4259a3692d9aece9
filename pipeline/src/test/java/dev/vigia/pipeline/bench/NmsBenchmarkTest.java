package dev.vigia.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.nms.Suppressors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NmsBenchmarkTest {

    /**
     * Worked by hand: the second box overlaps the first by 9x10 = 90 of 100 + 100 - 90 = 110 pixels
     * (IoU 0.82), so at 0.5 the first suppresses it; the third overlaps nothing. Both sides keep
     * input positions 0 and 2. The file also holds a blank line and commas, which are read as spaces.
     */
    @Test
    void bothSidesKeepTheBoxesThatOverlapNoBetterOneAndReportPositionsInTheInput(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("boxes.txt"), "0 0 10 10 0.9\n\n1,0,11,10,0.8,0\n50 50 60 60 0.7 3\n");
        Detections input = NmsBenchmark.readBoxes(file);
        assertEquals(3, input.size());
        assertEquals(3, input.classId(2));

        NmsBenchmark.Result result = NmsBenchmark.run(input, Suppressors.create("greedy", 0.5f, false, 100, 100), 0.5f, 2);

        assertArrayEquals(new int[] {0, 2}, result.keep());
        assertArrayEquals(new int[] {0, 2}, result.opencvKeep());
        assertEquals(2, result.kept().size());
    }

    @Test
    void aLineOfTheWrongWidthNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.txt"), "0 0 10 10 0.9\n1 2 3\n");
        UserError e = assertThrows(UserError.class, () -> NmsBenchmark.readBoxes(file));
        assertEquals(file + " line 2: expected x1 y1 x2 y2 score [class], got 3 fields", e.getMessage());
    }
}
