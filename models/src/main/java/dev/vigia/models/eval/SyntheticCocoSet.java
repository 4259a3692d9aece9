package dev.vigia.models.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * A seeded COCO-sized evaluation set for timing: {@code images} images of 640x480, about 7
 * ground-truth boxes each over 80 categories (1 % crowds, areas a little under the box as
 * segmentation areas are), and about 100 detections per image: jittered copies of the ground
 * truth plus false positives, with random scores. Written as COCO ground-truth and results JSON.
 */
public final class SyntheticCocoSet {

    private static final JsonFactory JSON = new JsonFactory();

    private SyntheticCocoSet() {}

    /** Counts of what was written. */
    public record Written(int images, int boxes, int detections) {}

    public static Written write(Path groundTruth, Path results, int images, long seed) throws IOException {
        Random random = new Random(seed);
        int boxes = 0;
        int detections = 0;
        try (JsonGenerator gt = JSON.createGenerator(groundTruth.toFile(), com.fasterxml.jackson.core.JsonEncoding.UTF8);
                JsonGenerator dt = JSON.createGenerator(results.toFile(), com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            gt.writeStartObject();
            gt.writeArrayFieldStart("images");
            for (int i = 1; i <= images; i++) {
                gt.writeStartObject();
                gt.writeNumberField("id", i);
                gt.writeNumberField("width", 640);
                gt.writeNumberField("height", 480);
                gt.writeStringField("file_name", String.format("%012d.jpg", i));
                gt.writeEndObject();
            }
            gt.writeEndArray();
            gt.writeArrayFieldStart("categories");
            for (int c = 1; c <= 80; c++) {
                gt.writeStartObject();
                gt.writeNumberField("id", c);
                gt.writeStringField("name", "class" + c);
                gt.writeEndObject();
            }
            gt.writeEndArray();
            gt.writeArrayFieldStart("annotations");
            dt.writeStartArray();
            for (int i = 1; i <= images; i++) {
                int count = random.nextInt(15);
                int written = 0;
                for (int b = 0; b < count; b++) {
                    double w = 4 + random.nextDouble() * random.nextDouble() * 400;
                    double h = 4 + random.nextDouble() * random.nextDouble() * 300;
                    double x = random.nextDouble() * (640 - w);
                    double y = random.nextDouble() * (480 - h);
                    int category = 1 + random.nextInt(80);
                    boxes++;
                    gt.writeStartObject();
                    gt.writeNumberField("id", boxes);
                    gt.writeNumberField("image_id", i);
                    gt.writeNumberField("category_id", category);
                    box(gt, x, y, w, h);
                    gt.writeNumberField("area", w * h * (0.6 + 0.4 * random.nextDouble()));
                    gt.writeNumberField("iscrowd", random.nextInt(100) == 0 ? 1 : 0);
                    gt.writeEndObject();
                    for (int copy = random.nextInt(4); copy > 0; copy--) {
                        double jitter = 0.2 * random.nextGaussian();
                        detection(dt, i, random.nextInt(10) == 0 ? 1 + random.nextInt(80) : category, x + jitter * w, y + jitter * h,
                                w * (1 + 0.1 * random.nextGaussian()), h * (1 + 0.1 * random.nextGaussian()), random.nextDouble());
                        written++;
                    }
                }
                for (; written < 100; written++) {
                    double w = 4 + random.nextDouble() * 200;
                    double h = 4 + random.nextDouble() * 200;
                    detection(dt, i, 1 + random.nextInt(80), random.nextDouble() * (640 - w), random.nextDouble() * (480 - h), w, h,
                            random.nextDouble() * 0.5);
                }
                detections += written;
            }
            gt.writeEndArray();
            gt.writeEndObject();
            dt.writeEndArray();
        }
        return new Written(images, boxes, detections);
    }

    private static void detection(JsonGenerator dt, int image, int category, double x, double y, double w, double h, double score)
            throws IOException {
        dt.writeStartObject();
        dt.writeNumberField("image_id", image);
        dt.writeNumberField("category_id", category);
        box(dt, x, y, Math.abs(w), Math.abs(h));
        dt.writeNumberField("score", Math.round(score * 1000) / 1000.0);
        dt.writeEndObject();
    }

    private static void box(JsonGenerator json, double x, double y, double w, double h) throws IOException {
        json.writeArrayFieldStart("bbox");
        json.writeNumber(Math.round(x * 100) / 100.0);
        json.writeNumber(Math.round(y * 100) / 100.0);
        json.writeNumber(Math.round(w * 100) / 100.0);
        json.writeNumber(Math.round(h * 100) / 100.0);
        json.writeEndArray();
    }
}
