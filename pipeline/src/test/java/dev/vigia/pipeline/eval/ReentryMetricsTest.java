package dev.vigia.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-entries counted on sequences written by hand, at 1 frame a second so that frames are seconds. */
class ReentryMetricsTest {

    /** A ground-truth row of MOT17's nine columns (pedestrian, considered) at x with the given visibility. */
    private static String gt(int frame, int id, int x, double visibility) {
        return frame + "," + id + "," + x + ",100,20,40,1,1," + visibility + "\n";
    }

    private static String pred(int frame, int id, int x) {
        return frame + "," + id + "," + x + ",100,20,40,1,-1,-1,-1\n";
    }

    /** Writes DIR/gt/SEQ/gt/gt.txt with a seqinfo.ini of {@code fps} and DIR/pred/SEQ.txt; returns the metrics of SEQ. */
    private static Map<String, Double> evaluate(Path dir, String gtText, String predText, String fps) throws Exception {
        Path seq = Files.createDirectories(dir.resolve("gt").resolve("SEQ").resolve("gt"));
        Files.writeString(seq.resolve("gt.txt"), gtText);
        if (fps != null) {
            Files.writeString(seq.getParent().resolve("seqinfo.ini"), "[Sequence]\nname=SEQ\nframeRate=" + fps + "\nseqLength=20\n");
        }
        Files.createDirectories(dir.resolve("pred"));
        Files.writeString(dir.resolve("pred").resolve("SEQ.txt"), predText);
        return MotEvaluation.evaluate(dir.resolve("gt"), dir.resolve("pred")).get("SEQ");
    }

    @Test
    void anObjectBackAfterSixSecondsUnderANewIdIsAReentryNotKept(@TempDir Path dir) throws Exception {
        // Object 1 is seen in frames 1-3, hidden (visibility 0.05) in 4-5, absent in 6-9, back in 10-12:
        // out of sight for frames 4..9, six seconds at 1 fps. The tracker calls it 7, then 8.
        StringBuilder g = new StringBuilder();
        StringBuilder p = new StringBuilder();
        for (int f = 1; f <= 12; f++) {
            if (f <= 3 || f >= 10) {
                g.append(gt(f, 1, 10 * f, 1.0));
                p.append(pred(f, f <= 3 ? 7 : 8, 10 * f));
            } else if (f <= 5) {
                g.append(gt(f, 1, 10 * f, 0.05));
            }
        }
        Map<String, Double> m = evaluate(dir, g.toString(), p.toString(), "1");
        assertEquals(1.0, m.get("Reentries"));
        assertEquals(0.0, m.get("ReentriesKept"));
        assertEquals(1.0, m.get("Reentries5s"));
        assertEquals(0.0, m.get("Reentries5sKept"));
    }

    @Test
    void shortAbsencesDoNotCountAndTheIdAfterIsTheOneMostMatchedInThreeSeconds(@TempDir Path dir) throws Exception {
        // Object 1: frames 1-2, gone 3-5 (3 s), back 6-10. After the return the tracker first says 9 (frame 6),
        // then 5 again (frames 7-8): the most matched id of frames 6-8 is 5, the id before: kept, not a 5 s one.
        // Object 2: frames 1-4, gone 5 (1 s), back 6-10 under another id: too short to be a re-entry.
        StringBuilder g = new StringBuilder();
        StringBuilder p = new StringBuilder();
        for (int f = 1; f <= 10; f++) {
            if (f <= 2 || f >= 6) {
                g.append(gt(f, 1, 10, 1.0));
                p.append(pred(f, f == 6 ? 9 : 5, 10));
            }
            if (f != 5) {
                g.append(gt(f, 2, 300, 0.5));
                p.append(pred(f, f <= 4 ? 3 : 4, 300));
            }
        }
        Map<String, Double> m = evaluate(dir, g.toString(), p.toString(), "1");
        assertEquals(1.0, m.get("Reentries"));
        assertEquals(1.0, m.get("ReentriesKept"));
        assertEquals(0.0, m.get("Reentries5s"));
    }

    @Test
    void aReturnTheTrackerDoesNotFindIsNotCountedAndTheFrameRateComesFromSeqinfo(@TempDir Path dir) throws Exception {
        // Object 1 gone for frames 3-7 (5 frames) and back in 8-9, where the tracker's box misses it (IoU < 0.5):
        // no id after, so no re-entry. Object 2 gone for frames 3-7 and found again under its id 4.
        // At 2 fps the 5 frames are 2.5 s: re-entries (>= 2 s) but not 5 s ones.
        StringBuilder g = new StringBuilder();
        StringBuilder p = new StringBuilder();
        for (int f = 1; f <= 9; f++) {
            if (f <= 2 || f >= 8) {
                g.append(gt(f, 1, 10, 1.0));
                p.append(pred(f, 3, f <= 2 ? 10 : 60));
                g.append(gt(f, 2, 300, 1.0));
                p.append(pred(f, 4, 300));
            }
        }
        Map<String, Double> atTwo = evaluate(dir, g.toString(), p.toString(), "2");
        assertEquals(1.0, atTwo.get("Reentries"));
        assertEquals(1.0, atTwo.get("ReentriesKept"));
        assertEquals(0.0, atTwo.get("Reentries5s"));
        // At 1 fps the same 5 frames are 5 s.
        Map<String, Double> atOne = evaluate(dir, g.toString(), p.toString(), "1");
        assertEquals(1.0, atOne.get("Reentries5s"));
        assertEquals(1.0, atOne.get("Reentries5sKept"));
        // Without seqinfo.ini, 30 fps: 5 frames are a sixth of a second, no re-entry at all.
        Files.delete(dir.resolve("gt").resolve("SEQ").resolve("seqinfo.ini"));
        assertEquals(0.0, evaluate(dir, g.toString(), p.toString(), null).get("Reentries"));
    }
}
