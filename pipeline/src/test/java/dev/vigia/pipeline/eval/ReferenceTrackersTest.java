package dev.vigia.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.pipeline.track.Trackers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our SORT and ByteTrack, given the reference implementations' settings, on TUD-Campus's public
 * detections: MOTA and IDF1 at least as high as the reference code scored (TrackEval).
 */
class ReferenceTrackersTest {

    private static Map<String, Double> reference(String tracker) throws Exception {
        Map<String, Double> values = new HashMap<>();
        for (String line : Files.readAllLines(MotEvaluationTest.TUD.resolve("expected-reference-trackers.tsv"))) {
            String[] f = line.split("\t");
            if (f[0].equals(tracker)) {
                values.put(f[1], Double.parseDouble(f[2]));
            }
        }
        return values;
    }

    private static Map<String, Double> score(String tracker, Map<String, String> params, Path dir) {
        Path results = dir.resolve(tracker + ".txt");
        DetectionReplay.run(MotEvaluationTest.TUD.resolve("det.txt"), Trackers.create(tracker, params), 30, results);
        return MotEvaluation.evaluate(MotEvaluationTest.TUD.resolve("gt.txt"), results).get(tracker + ".txt");
    }

    @Test
    void sortScoresAtLeastAsWellAsTheReference(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(MotEvaluationTest.TUD), "shared MOT data missing");
        Map<String, Double> ours = score("sort", Map.of("max_age", "1", "min_hits", "3", "iou_threshold", "0.3"), dir);
        Map<String, Double> theirs = reference("sort");
        assertTrue(ours.get("MOTA") >= theirs.get("MOTA") - 1e-9, "MOTA " + ours.get("MOTA") + " vs " + theirs.get("MOTA"));
        assertTrue(ours.get("IDF1") >= theirs.get("IDF1") - 1e-9, "IDF1 " + ours.get("IDF1") + " vs " + theirs.get("IDF1"));
    }

    @Test
    void byteTrackScoresAtLeastAsWellAsTheReference(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(MotEvaluationTest.TUD), "shared MOT data missing");
        Map<String, Double> ours = score("bytetrack", Map.of("track_thresh", "0.5", "new_track_thresh", "0.6",
                "match_thresh", "0.8", "track_buffer", "30", "min_box_area", "10", "aspect_ratio_thresh", "1.6"), dir);
        Map<String, Double> theirs = reference("bytetrack");
        assertTrue(ours.get("MOTA") >= theirs.get("MOTA") - 1e-9, "MOTA " + ours.get("MOTA") + " vs " + theirs.get("MOTA"));
        assertTrue(ours.get("IDF1") >= theirs.get("IDF1") - 1e-9, "IDF1 " + ours.get("IDF1") + " vs " + theirs.get("IDF1"));
    }
}
