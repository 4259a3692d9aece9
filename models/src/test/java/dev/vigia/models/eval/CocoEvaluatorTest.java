package dev.vigia.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our COCOeval against pycocotools' own numbers on 50 COCO val2014 images (shared/data/map/coco-dev). */
class CocoEvaluatorTest {

    static final Path MAP_DATA = Path.of(System.getProperty("vigia.shared.data", "../shared/data")).resolve("map");

    @Test
    void reproducesPycocotoolsOnTheCocoDevSet() throws Exception {
        Path dev = MAP_DATA.resolve("coco-dev");
        assumeTrue(Files.isDirectory(dev), "shared/data/map/coco-dev is not beside this checkout");
        CocoEvaluator.Result result = CocoEvaluator.evaluate(CocoJson.read(dev.resolve("gt.json"), dev.resolve("results.json")));
        List<String> expected = Files.readAllLines(dev.resolve("expected.tsv"));
        int compared = 0;
        for (String line : expected.subList(1, expected.size())) {
            String[] fields = line.split("\t");
            assertEquals(Double.parseDouble(fields[1]), result.stats().get(fields[0]), 1e-6, fields[0]);
            compared++;
        }
        assertEquals(12, compared);
        Map<String, Double> dog = result.perClass().get("dog");
        assertEquals(true, dog != null && dog.get("AP50") >= dog.get("AP"), "per-class AP50 is at least its AP: " + dog);
    }
}
