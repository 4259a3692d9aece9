package dev.vigia.app.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

/** {@code vigia eval map} on the shared reference sets, in every format it reads, and its one-line errors. */
class EvalMapCommandTest {

    private static final Path MAP = Path.of(System.getProperty("vigia.shared.data", "../shared/data")).resolve("map");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static double expected(Path tsv, String metric) throws Exception {
        return Files.readAllLines(tsv).stream().filter(l -> l.startsWith(metric + "\t")).map(l -> Double.parseDouble(l.split("\t")[1]))
                .findFirst().orElseThrow();
    }

    @Test
    void cocoJsonHasTheTwelveStatsAndPerClassValues() throws Exception {
        Path dev = MAP.resolve("coco-dev");
        assumeTrue(Files.isDirectory(dev), "shared/data is not beside this checkout");
        CliRun run = CliRun.of("eval", "map", "--gt", dev.resolve("gt.json").toString(), "--pred", dev.resolve("results.json").toString(),
                "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = JSON.readTree(run.out());
        assertEquals("coco", root.get("metric").asText());
        assertEquals(12, root.get("stats").size());
        assertEquals(expected(dev.resolve("expected.tsv"), "AP"), root.get("stats").get("AP").asDouble(), 1e-6);
        assertEquals(expected(dev.resolve("expected.tsv"), "ARlarge"), root.get("stats").get("ARlarge").asDouble(), 1e-6);
        JsonNode person = root.get("per_class").get("person");
        assertTrue(person.get("AP50").asDouble() >= person.get("AP").asDouble(), person.toString());
    }

    /** The toy set rewritten as VOC XML and as YOLO labels must score what the text folders score: the reference values. */
    @Test
    void vocXmlAndYoloLabelsScoreLikeTheReference(@TempDir Path dir) throws Exception {
        Path toy = MAP.resolve("voc-toy");
        assumeTrue(Files.isDirectory(toy), "shared/data is not beside this checkout");
        double reference = expected(toy.resolve("expected.tsv"), "AP_allpoint@IoU0.3");
        double reference07 = expected(toy.resolve("expected.tsv"), "AP_11point@IoU0.3");
        Path xml = Files.createDirectories(dir.resolve("xml"));
        Path labels = Files.createDirectories(dir.resolve("labels"));
        Path images = Files.createDirectories(dir.resolve("images"));
        Path yoloPred = Files.createDirectories(dir.resolve("yolo-pred"));
        int width = 500;
        int height = 400;
        try (var files = Files.list(toy.resolve("groundtruths"))) {
            for (Path file : files.sorted().toList()) {
                String stem = file.getFileName().toString().replace(".txt", "");
                StringBuilder doc = new StringBuilder("<annotation><filename>" + stem + ".png</filename>");
                StringBuilder label = new StringBuilder();
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.trim().split("\\s+");
                    double x = Double.parseDouble(f[1]);
                    double y = Double.parseDouble(f[2]);
                    double w = Double.parseDouble(f[3]);
                    double h = Double.parseDouble(f[4]);
                    doc.append(String.format(Locale.ROOT, "<object><name>%s</name><difficult>0</difficult><bndbox><xmin>%s</xmin>"
                            + "<ymin>%s</ymin><xmax>%s</xmax><ymax>%s</ymax></bndbox></object>", f[0], f[1], f[2], x + w, y + h));
                    label.append(String.format(Locale.ROOT, "0 %.17g %.17g %.17g %.17g%n", (x + w / 2) / width, (y + h / 2) / height,
                            w / width, h / height));
                }
                Files.writeString(xml.resolve(stem + ".xml"), doc.append("</annotation>"));
                Files.writeString(labels.resolve(stem + ".txt"), label);
                ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", images.resolve(stem + ".png").toFile());
                StringBuilder predicted = new StringBuilder();
                for (String line : Files.readAllLines(toy.resolve("detections").resolve(stem + ".txt"))) {
                    String[] f = line.trim().split("\\s+");
                    double x = Double.parseDouble(f[2]);
                    double y = Double.parseDouble(f[3]);
                    double w = Double.parseDouble(f[4]);
                    double h = Double.parseDouble(f[5]);
                    predicted.append(String.format(Locale.ROOT, "0 %.17g %.17g %.17g %.17g %s%n", (x + w / 2) / width, (y + h / 2) / height,
                            w / width, h / height, f[1]));
                }
                Files.writeString(yoloPred.resolve(stem + ".txt"), predicted);
            }
        }
        Files.writeString(dir.resolve("names.txt"), "object\n");
        JsonNode fromXml = JSON.readTree(CliRun.of("eval", "map", "--gt", xml.toString(), "--pred", toy.resolve("detections").toString(),
                "--metric", "voc", "--iou", "0.3", "--json").out());
        assertEquals(reference, fromXml.get("mAP").asDouble(), 1e-9);
        assertEquals("voc", fromXml.get("metric").asText());
        assertEquals(0.3, fromXml.get("iou").asDouble());
        long objects = 0;
        try (var files = Files.list(toy.resolve("groundtruths"))) {
            for (Path file : files.toList()) {
                objects += Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
            }
        }
        assertEquals(objects, fromXml.get("per_class").get("object").get("ground_truth").asLong(), fromXml.toString());
        CliRun yolo = CliRun.of("eval", "map", "--gt", labels.toString(), "--pred", yoloPred.toString(), "--images", images.toString(),
                "--names", dir.resolve("names.txt").toString(), "--metric", "voc07", "--iou", "0.3", "--json");
        assertEquals(0, yolo.exitCode(), yolo.err());
        assertEquals(reference07, JSON.readTree(yolo.out()).get("mAP").asDouble(), 1e-9);
    }

    @Test
    void badInputIsOneLineNamingTheFileAndTheEntry(@TempDir Path dir) throws Exception {
        Path gt = Files.writeString(dir.resolve("gt.json"), "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1, \"name\": \"cat\"}],"
                + " \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 10, 10], \"area\": 100}]}");
        String[][] cases = {
            {"[{\"image_id\": 7, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"score\": 0.5}]", "entry 0: image_id 7 is not in the ground truth"},
            {"[{\"image_id\": 1, \"category_id\": 3, \"bbox\": [0, 0, 5, 5], \"score\": 0.5}]", "entry 0: category_id 3 is not one of"},
            {"[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, -5, 5], \"score\": 0.5}]", "entry 0: bbox [0.0, 0.0, -5.0, 5.0] has a negative"},
            {"[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"score\": 0.5},", "is not valid JSON (line "},
        };
        for (String[] c : cases) {
            Path pred = Files.writeString(dir.resolve("pred.json"), c[0]);
            CliRun run = CliRun.inChild("eval", "map", "--gt", gt.toString(), "--pred", pred.toString());
            assertTrue(run.isOneLineUserError(), run.err());
            assertTrue(run.err().contains(c[1]), c[1] + " in " + run.err());
        }
        Path labels = Files.createDirectories(dir.resolve("labels"));
        Files.writeString(labels.resolve("a.txt"), "0 0.5 0.5 0.2 0.2\n");
        CliRun noImage = CliRun.inChild("eval", "map", "--gt", labels.toString(), "--pred", labels.toString(),
                "--images", Files.createDirectories(dir.resolve("images")).toString());
        assertTrue(noImage.isOneLineUserError() && noImage.err().contains("a.txt has no image a.jpg"), noImage.err());
        // The library says what is missing; the command line adds its flag.
        CliRun noImages = CliRun.of("eval", "map", "--gt", labels.toString(), "--pred", labels.toString(), "--format", "yolo");
        assertTrue(noImages.isOneLineUserError(), noImages.err());
        assertTrue(noImages.err().contains("so the images are needed; give them with --images DIR"), noImages.err());
        Path xml = Files.createDirectories(dir.resolve("xml"));
        Files.writeString(xml.resolve("b.xml"), "<annotation><object><name>cat</name></annotation>");
        CliRun badXml = CliRun.inChild("eval", "map", "--gt", xml.toString(), "--pred", labels.toString());
        assertTrue(badXml.isOneLineUserError() && badXml.err().contains("b.xml is not valid XML"), badXml.err());
    }
}
