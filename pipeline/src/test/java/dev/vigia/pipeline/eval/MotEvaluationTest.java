package dev.vigia.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.config.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotEvaluationTest {

    static final Path TUD = Path.of(System.getProperty("vigia.shared.data", "../shared/data"), "mot", "TUD-Campus");

    @Test
    void reproducesTrackEvalOnTudCampus() throws Exception {
        assumeTrue(Files.isDirectory(TUD), "shared MOT data not found at " + TUD);
        assertTrackEvalValues(MotEvaluation.evaluate(TUD.resolve("gt.txt"), TUD.resolve("test.txt")).get("test.txt"));
    }

    /**
     * 2D MOT 2015 ground truth whose columns 8-10 hold world coordinates (as several MOT15
     * sequences do) instead of -1: auto must read it as MOT15, where TrackEval ignores them, so
     * the metrics are TrackEval's MOT15 values for TUD-Campus. The old rule took a positive 8th
     * column for a MOT17 class and refused "class 16".
     */
    @Test
    void mot15GroundTruthWithWorldCoordinatesIsScoredAsMot15(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(TUD), "shared MOT data not found at " + TUD);
        List<String> lines = Files.readAllLines(TUD.resolve("gt.txt"));
        StringBuilder withWorld = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            assertEquals(10, f.length, "TUD-Campus ground truth has MOT15's 10 columns");
            String worldX = i % 3 == 0 ? "16" : i % 3 == 1 ? "-1.2" : String.valueOf(2.5 + i * 0.37);
            withWorld.append(String.join(",", List.of(f).subList(0, 7))).append(',').append(worldX).append(",3.4,0\n");
        }
        Path gt = Files.writeString(dir.resolve("gt.txt"), withWorld);
        assertTrackEvalValues(MotEvaluation.evaluate(gt, TUD.resolve("test.txt")).get("test.txt"));
    }

    /** Every TrackEval metric in expected-metrics.tsv: counts exactly, ratios to 1e-6. */
    private static void assertTrackEvalValues(Map<String, Double> ours) throws Exception {
        int compared = 0;
        for (String line : Files.readAllLines(TUD.resolve("expected-metrics.tsv"))) {
            String[] f = line.split("\t");
            if (f[0].equals("file") || f[1].startsWith("pymot")) {
                continue;
            }
            assertTrue(ours.containsKey(f[1]), "we report " + f[1]);
            double expected = Double.parseDouble(f[2]);
            if (expected == Math.rint(expected) && !f[1].matches(".*R$")) {
                assertEquals(expected, ours.get(f[1]), 0.0, f[1]);
            } else {
                assertEquals(expected, ours.get(f[1]), 1e-6, f[1]);
            }
            compared++;
        }
        assertEquals(33, compared);
    }

    @Test
    void combinedOfTwoSequencesSumsCountsAndWeightsAssociation(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(TUD), "shared MOT data not found at " + TUD);
        for (String seq : List.of("A", "B")) {
            Files.createDirectories(dir.resolve("gt").resolve(seq).resolve("gt"));
            Files.copy(TUD.resolve("gt.txt"), dir.resolve("gt").resolve(seq).resolve("gt").resolve("gt.txt"));
            Files.createDirectories(dir.resolve("pred"));
            Files.copy(TUD.resolve("test.txt"), dir.resolve("pred").resolve(seq + ".txt"));
        }
        Map<String, Map<String, Double>> results = MotEvaluation.evaluate(dir.resolve("gt"), dir.resolve("pred"));
        assertEquals(List.of("A", "B", "COMBINED"), List.copyOf(results.keySet()));
        Map<String, Double> one = results.get("A");
        Map<String, Double> both = results.get("COMBINED");
        assertEquals(2 * one.get("CLR_TP"), both.get("CLR_TP"));
        assertEquals(2 * one.get("IDTP"), both.get("IDTP"));
        assertEquals(one.get("MOTA"), both.get("MOTA"), 1e-12);
        assertEquals(one.get("HOTA"), both.get("HOTA"), 1e-12);
        assertEquals(one.get("IDF1"), both.get("IDF1"), 1e-12);
    }

    @Test
    void perfectResultsScoreOne(@TempDir Path dir) throws Exception {
        Path gt = Files.writeString(dir.resolve("gt.txt"), "1,1,10,10,20,40,1,-1,-1,-1\n2,1,12,10,20,40,1,-1,-1,-1\n2,2,100,10,20,40,1,-1,-1,-1\n");
        Path pred = Files.writeString(dir.resolve("pred.txt"), "1,7,10,10,20,40,1,-1,-1,-1\n2,7,12,10,20,40,1,-1,-1,-1\n2,9,100,10,20,40,1,-1,-1,-1\n");
        Map<String, Double> m = MotEvaluation.evaluate(gt, pred).get("pred.txt");
        assertEquals(1.0, m.get("MOTA"));
        assertEquals(1.0, m.get("IDF1"));
        assertEquals(1.0, m.get("HOTA"), 1e-12);
        assertEquals(0.0, m.get("IDSW"));
    }

    /** Sequences apart from COMBINED; a count that is a whole number is an integer, a rate stays a fraction. */
    @Test
    void jsonPutsSequencesApartFromCombinedAndWholeCountsAsIntegers() {
        Map<String, Double> walk = new LinkedHashMap<>();
        walk.put("CLR_TP", 3.0);
        walk.put("MOTA", 1.0);
        walk.put("IDSW", 0.0);
        walk.put("MT", 2.5);
        Map<String, Double> combined = new LinkedHashMap<>();
        combined.put("CLR_TP", 6.0);
        combined.put("MOTA", 1.0);
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        results.put("walk", walk);
        results.put(MotEvaluation.COMBINED, combined);
        assertEquals("{\"sequences\":{\"walk\":{\"CLR_TP\":3,\"MOTA\":1.0,\"IDSW\":0,\"MT\":2.5}},"
                + "\"COMBINED\":{\"CLR_TP\":6,\"MOTA\":1.0}}", MotEvaluation.toJson(results).toString());
    }

    @Test
    void malformedLinesNameFileAndLine(@TempDir Path dir) throws Exception {
        Path gt = Files.writeString(dir.resolve("gt.txt"), "1,1,10,10,20,40,1,-1,-1,-1\n");
        Path negative = Files.writeString(dir.resolve("neg.txt"), "1,1,10,10,20,40,1\n2,1,10,10,-20,40,1\n");
        UserError e1 = assertThrows(UserError.class, () -> MotEvaluation.evaluate(gt, negative));
        assertTrue(e1.getMessage().contains("neg.txt line 2: negative box size"), e1.getMessage());
        Path columns = Files.writeString(dir.resolve("cols.txt"), "1,1,10,10\n");
        assertTrue(assertThrows(UserError.class, () -> MotEvaluation.evaluate(gt, columns)).getMessage().contains("cols.txt line 1: 4 columns"));
        Path text = Files.writeString(dir.resolve("text.txt"), "1,1,10,ten,20,40,1\n");
        assertTrue(assertThrows(UserError.class, () -> MotEvaluation.evaluate(gt, text)).getMessage().contains("text.txt line 1: not a number"));
    }

    /**
     * MOT17-style ground truth (frame,id,x,y,w,h,consider,class,visibility) with a static person
     * (class 7, a distractor) and a car (class 3), both marked not to be considered. Hand-worked
     * as TrackEval prepares it: the box on the static person is removed in both frames; the box
     * on the car stays and is a false positive, as is the box on nothing.
     */
    @Test
    void distractorsAreRemovedAsTrackEvalDoesForMot17(@TempDir Path dir) throws Exception {
        Path gt = Files.writeString(dir.resolve("gt.txt"), String.join("\n",
                "1,1,0,0,10,10,1,1,1", "1,2,100,0,10,10,0,7,1", "1,3,200,0,10,10,0,3,1",
                "2,1,2,0,10,10,1,1,1", "2,2,100,0,10,10,0,7,1", ""));
        Path pred = Files.writeString(dir.resolve("pred.txt"), String.join("\n",
                "1,11,0,0,10,10,0.9,-1,-1,-1", "1,12,100,0,10,10,0.9,-1,-1,-1", "1,13,200,0,10,10,0.9,-1,-1,-1",
                "1,14,300,0,10,10,0.9,-1,-1,-1", "2,11,2,0,10,10,0.9,-1,-1,-1", "2,12,101,0,10,10,0.9,-1,-1,-1", ""));
        Map<String, Double> mot17 = MotEvaluation.evaluate(gt, pred).get("pred.txt");
        assertEquals(2.0, mot17.get("CLR_TP"));
        assertEquals(2.0, mot17.get("CLR_FP"), "the car's box and the box on nothing");
        assertEquals(0.0, mot17.get("MOTA"), 1e-12);
        assertEquals(2.0 * 2 / (2 * 2 + 2), mot17.get("IDF1"), 1e-12);
        Map<String, Double> mot15 = MotEvaluation.evaluate(gt, pred, MotBenchmark.MOT15).get("pred.txt");
        assertEquals(4.0, mot15.get("CLR_FP"), "without classes the boxes on the static person count too");
        assertEquals(-1.0, mot15.get("MOTA"), 1e-12);
    }

    @Test
    void duplicateIdsInAFrameUnknownClassesAndFramesOutOfRangeAreRefused(@TempDir Path dir) throws Exception {
        Path gt = Files.writeString(dir.resolve("gt.txt"), "1,1,10,10,20,40,1,-1,-1,-1\n");
        Path twice = Files.writeString(dir.resolve("twice.txt"), "1,5,10,10,20,40,1\n1,5,50,10,20,40,1\n");
        UserError dup = assertThrows(UserError.class, () -> MotEvaluation.evaluate(gt, twice));
        assertTrue(dup.getMessage().contains("id 5 appears more than once in frame 1"), dup.getMessage());
        Path far = Files.writeString(dir.resolve("far.txt"), "2000000000,5,10,10,20,40,1\n");
        UserError huge = assertThrows(UserError.class, () -> MotEvaluation.evaluate(gt, far));
        assertTrue(huge.getMessage().contains("frame 2000000000 is beyond"), huge.getMessage());
        Path oddClass = Files.writeString(dir.resolve("odd.txt"), "1,1,10,10,20,40,1,42,1\n");
        UserError odd = assertThrows(UserError.class, () -> MotEvaluation.evaluate(oddClass, twice));
        assertTrue(odd.getMessage().contains("has class 42"), odd.getMessage());
    }
}
