package dev.vigia.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigia bench compare} with the two face detectors on the hand-labelled faces set. */
class BenchCompareCommandTest {

    @Test
    void writesTheTableItsDataAndChartsThatAgree(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("bench", "compare", "--detectors", "tiny_face_detector,ssd_mobilenetv1", "--dataset", "faces",
                "--runs", "1", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode rows = new ObjectMapper().readTree(out.resolve("compare.json").toFile()).get("rows");
        assertEquals(2, rows.size());
        List<String> table = Files.readAllLines(out.resolve("compare.md")).stream().filter(l -> l.startsWith("| tiny") || l.startsWith("| ssd"))
                .toList();
        assertEquals(2, table.size(), "one table row per detector");
        for (int i = 0; i < 2; i++) {
            JsonNode row = rows.get(i);
            String[] cells = table.get(i).split("\\|");
            assertEquals(row.get("detector").asText(), cells[1].trim());
            assertEquals(String.format(Locale.ROOT, "%.1f", 100 * row.get("AP").asDouble()), cells[2].trim(), "mAP");
            assertEquals(String.format(Locale.ROOT, "%.1f", row.get("fps").asDouble()), cells[3].trim(), "FPS");
            assertEquals(String.format(Locale.ROOT, "%.1f", 100 * row.get("AP50").asDouble()), cells[7].trim(), "AP50");
            assertEquals(String.format(Locale.ROOT, "%.0f", row.get("boxes").asDouble()), cells[5].trim(), "# Boxes");
            assertTrue(row.get("AP50").asDouble() >= row.get("AP").asDouble());
            assertEquals(4, row.get("images").asInt());
            assertTrue(row.get("latency_ms").get("inference").get("p95").asDouble() >= row.get("latency_ms").get("inference").get("p50").asDouble());
        }
        assertEquals(3, Files.readAllLines(out.resolve("compare.csv")).size(), "a header and two rows");
        for (String chart : new String[] {"map-vs-fps.png", "pr-tiny_face_detector.png", "pr-ssd_mobilenetv1.png", "f1-confidence.png"}) {
            BufferedImage image = ImageIO.read(out.resolve(chart).toFile());
            assertTrue(image != null && image.getWidth() == 900 && image.getHeight() == 600, chart + " decodes at 900x600");
            assertTrue(distinctColours(image) > 20, chart + " is not blank");
        }
    }

    /** SIGINT while the second of three detectors runs: it finishes, the third never starts, the table holds two rows. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void ctrlCWritesTheTableForTheDetectorsThatFinished(@TempDir Path out) throws Exception {
        Path log = out.resolve("child.log");
        Process child = CliRun.childProcess("bench", "compare", "--detectors", "tiny_face_detector,ssd_mobilenetv1,nanodet",
                "--dataset", "faces", "--runs", "20", "--out", out.resolve("compare").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        while (!Files.readString(log).contains("ssd_mobilenetv1")) {
            assertTrue(child.isAlive(), "child ended early: " + Files.readString(log));
            Thread.sleep(100);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
        assertTrue(child.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "child did not stop after Ctrl-C");
        assertEquals(0, child.exitValue(), Files.readString(log));
        JsonNode rows = new ObjectMapper().readTree(out.resolve("compare").resolve("compare.json").toFile()).get("rows");
        assertEquals(2, rows.size(), "the two detectors that had started finished; the third did not start: " + rows);
        assertEquals("ssd_mobilenetv1", rows.get(1).get("detector").asText());
        assertTrue(Files.readString(out.resolve("compare").resolve("compare.md")).contains("| ssd_mobilenetv1 |"));
    }

    /** Batch 4 scores exactly what batch 1 does (batched detection equals single-frame detection); the table says which ran one by one. */
    @Test
    void everyBatchSizeIsARowAndBatchingChangesNoScore(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("bench", "compare", "--detectors", "ssd_mobilenetv1,nanodet", "--dataset", "faces", "--batch", "1,4",
                "--runs", "1", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode rows = new ObjectMapper().readTree(out.resolve("compare.json").toFile()).get("rows");
        assertEquals(4, rows.size(), rows.toString());
        JsonNode ssd1 = rows.get(0);
        JsonNode ssd4 = rows.get(1);
        assertEquals(List.of("ssd_mobilenetv1", 1, "ssd_mobilenetv1", 4),
                List.of(ssd1.get("detector").asText(), ssd1.get("batch").asInt(), ssd4.get("detector").asText(), ssd4.get("batch").asInt()));
        assertTrue(ssd4.get("one_inference").asBoolean(), "the face-api SSD graph takes four frames at once");
        assertTrue(ssd1.get("AP").asDouble() > 0);
        assertEquals(ssd1.get("AP").asDouble(), ssd4.get("AP").asDouble(), 1e-9);
        assertEquals(ssd1.get("AP50").asDouble(), ssd4.get("AP50").asDouble(), 1e-9);
        assertFalse(rows.get(3).get("one_inference").asBoolean(), "NanoDet's TF.js graph fixes batch 1");
        assertTrue(Files.readString(out.resolve("compare.md")).contains("| 4 (1 by 1) |"), Files.readString(out.resolve("compare.md")));
    }

    @Test
    void aBatchSizeOutOfRangeIsRefusedInOneLine() throws Exception {
        CliRun run = CliRun.inChild("bench", "compare", "--detectors", "nanodet", "--dataset", "faces", "--batch", "1,0");
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("--batch 0"), run.err());
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
