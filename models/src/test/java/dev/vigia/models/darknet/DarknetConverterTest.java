package dev.vigia.models.darknet;

import static org.bytedeco.opencv.global.opencv_dnn.readNetFromDarknet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.FrameTransform;
import dev.vigia.models.detect.YoloAnchorDecoder;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.tfjs.SavedModelWriter;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our Darknet → SavedModel conversion against an independent reader of the same files: OpenCV's
 * DNN module. Debian's cfgs with seeded random weights; both get the same input and must produce
 * the same raw maps in front of every detection layer.
 */
class DarknetConverterTest {

    private static final double TOLERANCE = 1e-3;
    private static final float OFFSET = 1000f;

    @TempDir
    Path temp;

    /**
     * yolov3.cfg runs at 256x256 to keep the test short (its 62M weights are all there);
     * mini-yolov4-tiny.cfg (a test resource) covers the v4 layer kinds Debian's cfgs lack.
     */
    @ParameterizedTest
    @CsvSource({"yolov3-tiny.cfg, 416", "yolov2-tiny.cfg, 416", "yolov3.cfg, 256", "mini-yolov4-tiny.cfg, 96",
        "shortcut-default.cfg, 96"})
    void rawOutputsEqualOpenCvDnn(String cfgName, int size) throws Exception {
        try (Converted both = convertBoth(cfgName, size)) {
            int compared = 0;
            for (String output : both.runner().outputNames()) {
                Mat reference = both.net().forward(openCvLayerBefore(both.net(), output, both.model()));
                NDArray mine = both.ours().get(output);
                long[] nhwc = mine.getShape().getShape();
                float[] values = mine.toFloatArray();
                FloatPointer theirs = new FloatPointer(reference.data());
                int h = (int) nhwc[1];
                int w = (int) nhwc[2];
                int channels = (int) nhwc[3];
                assertEquals((long) h * w * channels, reference.total(), output + " size");
                double worst = 0;
                double largest = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < channels; c++) {
                            float a = values[(y * w + x) * channels + c];
                            float b = theirs.get(((long) c * h + y) * w + x);
                            worst = Math.max(worst, Math.abs(a - b));
                            largest = Math.max(largest, Math.abs(b));
                        }
                    }
                }
                System.out.printf(java.util.Locale.ROOT, "%s %s [%d,%d,%d]: max abs difference vs OpenCV DNN %.3g (values up to %.3g)%n",
                        cfgName, output, h, w, channels, worst, largest);
                assertTrue(worst <= TOLERANCE, cfgName + " " + output + ": max abs difference " + worst);
                compared++;
            }
            assertEquals(both.model().head().get("outputs").size(), compared);
        }
    }

    /**
     * Our anchor decoder on our raw maps against OpenCV's own [yolo] layers on its maps: every box
     * OpenCV scores above {@code threshold} is one of ours, with the same score. (The threshold
     * keeps the candidates, and our NMS pass over them, few.)
     */
    @ParameterizedTest
    @CsvSource({"yolov3-tiny.cfg, 416, 0.27", "mini-yolov4-tiny.cfg, 96, 0.3"})
    void decodedBoxesEqualOpenCvYoloLayers(String cfgName, int size, float threshold) throws Exception {
        try (Converted both = convertBoth(cfgName, size)) {
            YoloAnchorDecoder.Head head = YamlConfig.convert(both.model().head(), "test head", YoloAnchorDecoder.Head.class);
            int classes = both.model().classes();
            YoloAnchorDecoder decoder = new YoloAnchorDecoder(new YoloAnchorDecoder.Head(head.outputs(), head.anchors(),
                    head.anchorUnits(), head.classScores(), head.scaleXy(), 1f, Integer.MAX_VALUE), size, size, classes);
            float[][] maps = head.outputs().stream().map(o -> both.ours().get(o).toFloatArray()).toArray(float[][]::new);
            Detections ours = new Detections();
            // Shifted by OFFSET so that no box is clamped to the frame (OpenCV does not clamp).
            decoder.decode(maps, new FrameTransform(1, 1, -OFFSET, -OFFSET, 100 * size, 100 * size), threshold, ours);
            decoder.defaultSuppressor().apply(ours);

            Map<List<Integer>, List<Integer>> index = byCorner(ours);
            int matched = 0;
            var names = both.net().getLayerNames();
            for (long i = 0; i < names.size(); i++) {
                String name = names.get(i).getString();
                if (!name.startsWith("yolo_")) {
                    continue;
                }
                Mat rows = both.net().forward(name.strip().replace("\0", ""));
                FloatPointer r = new FloatPointer(rows.data());
                int width = 5 + classes;
                for (long row = 0; row < rows.rows(); row++) {
                    float cx = r.get(row * width) * size;
                    float cy = r.get(row * width + 1) * size;
                    float w = r.get(row * width + 2) * size;
                    float h = r.get(row * width + 3) * size;
                    for (int c = 0; c < classes; c++) {
                        float score = r.get(row * width + 5 + c);
                        // Scores within float rounding of the threshold may fall either side of it.
                        if (score > threshold + 1e-4f) {
                            assertTrue(hasDetection(ours, index, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, c, score),
                                    cfgName + " " + name + " row " + row + " class " + c + " score " + score + " is not among ours");
                            matched++;
                        }
                    }
                }
            }
            System.out.printf(java.util.Locale.ROOT, "%s: %d scored boxes of OpenCV's yolo layers found among our %d%n",
                    cfgName, matched, ours.size());
            assertTrue(matched >= 10, "the random network scores enough boxes to compare: " + matched);
        }
    }

    /** Our detections by class and whole-pixel top-left corner, to find one in constant time. */
    private static Map<List<Integer>, List<Integer>> byCorner(Detections d) {
        Map<List<Integer>, List<Integer>> index = new java.util.HashMap<>();
        for (int i = 0; i < d.size(); i++) {
            index.computeIfAbsent(corner(d.classId(i), d.x1(i) - OFFSET, d.y1(i) - OFFSET), k -> new java.util.ArrayList<>()).add(i);
        }
        return index;
    }

    private static List<Integer> corner(int classId, float x1, float y1) {
        return List.of(classId, Math.round(x1), Math.round(y1));
    }

    private static boolean hasDetection(Detections d, Map<List<Integer>, List<Integer>> index,
            float x1, float y1, float x2, float y2, int classId, float score) {
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int i : index.getOrDefault(corner(classId, x1 + dx, y1 + dy), List.of())) {
                    if (Math.abs(d.score(i) - score) < 1e-4
                            && Math.abs(d.x1(i) - OFFSET - x1) < 1e-2 && Math.abs(d.y1(i) - OFFSET - y1) < 1e-2
                            && Math.abs(d.x2(i) - OFFSET - x2) < 1e-2 && Math.abs(d.y2(i) - OFFSET - y2) < 1e-2) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** One cfg with seeded weights, converted by us (and run through DJL) and read by OpenCV, on one input. */
    private record Converted(DarknetModel model, SavedModelRunner runner, Map<String, NDArray> ours, Net net) implements AutoCloseable {
        @Override
        public void close() {
            runner.close();
            net.close();
        }
    }

    private Converted convertBoth(String cfgName, int size) throws Exception {
        Path cfg = copyWithSize(cfgName, size);
        Path weights = temp.resolve(cfgName.replace(".cfg", ".weights"));
        SeededDarknetWeights.write(DarknetCfg.read(cfg), weights, 42, 0);

        DarknetModel model = DarknetConverter.convert(cfg, weights);
        Path savedModel = temp.resolve("saved_model");
        SavedModelWriter.write(model.graph().graph(), model.graph().signature(), savedModel);
        float[] image = seededImage(size);

        Net net = readNetFromDarknet(cfg.toString(), weights.toString());
        Mat blob = new Mat(new int[] {1, 3, size, size}, org.bytedeco.opencv.global.opencv_core.CV_32F);
        FloatPointer blobData = new FloatPointer(blob.data());
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < size * size; p++) {
                blobData.put((long) c * size * size + p, image[p * 3 + c]);
            }
        }
        net.setInput(blob);

        SavedModelRunner runner = SavedModelRunner.load(savedModel, DeviceChoice.CPU);
        NDArray input = runner.manager().create(image, new Shape(1, size, size, 3));
        return new Converted(model, runner, runner.run(new NDList(input)), net);
    }

    @Test
    void truncatedWeightsNameTheFileAndTheLayer() throws Exception {
        Path cfg = copyWithSize("yolov3-tiny.cfg", 416);
        Path weights = temp.resolve("cut.weights");
        SeededDarknetWeights.write(DarknetCfg.read(cfg), weights, 1, 4000);
        UserError error = assertThrows(UserError.class, () -> DarknetConverter.convert(cfg, weights));
        assertTrue(error.getMessage().contains("cut.weights") && error.getMessage().contains("truncated")
                && error.getMessage().contains("line "), error.getMessage());
    }

    @Test
    void unknownLayerNamesTheCfgLine() throws Exception {
        Path cfg = temp.resolve("odd.cfg");
        Files.writeString(cfg, "[net]\nwidth=64\nheight=64\nchannels=3\n\n[convolutional]\nfilters=8\nsize=3\npad=1\n"
                + "activation=leaky\n\n[teleport]\ndistance=3\n");
        Path weights = temp.resolve("odd.weights");
        Files.write(weights, new byte[20 + 4 * (8 + 8 * 27)]);
        UserError error = assertThrows(UserError.class, () -> DarknetConverter.convert(cfg, weights));
        assertTrue(error.getMessage().contains("odd.cfg line 12 [teleport]"), error.getMessage());
    }

    /**
     * The raw conv output (NCHW) feeding OpenCV's detection layer of the same index; OpenCV puts a
     * permute to NHWC between them and names a region layer {@code detection_out}.
     */
    private static String openCvLayerBefore(Net net, String output, DarknetModel model) {
        int detection = Integer.parseInt(output.substring(output.lastIndexOf('_') + 1));
        var names = net.getLayerNames();
        int seen = -1;
        String lastConv = null;
        for (long i = 0; i < names.size(); i++) {
            String name = names.get(i).getString();
            if ((name.startsWith("yolo_") || name.startsWith("detection_out")) && ++seen == detection) {
                return lastConv;
            }
            if (name.startsWith("conv_")) {
                lastConv = name;
            }
        }
        throw new AssertionError("OpenCV has no detection layer " + detection + " for " + model.head());
    }

    private Path copyWithSize(String cfgName, int size) throws Exception {
        var resource = DarknetConverterTest.class.getResource(cfgName);
        String original = resource != null ? Files.readString(Path.of(resource.toURI()))
                : Files.readString(SampleMedia.standard().file(cfgName));
        String text = original
                .replaceFirst("(?m)^width\\s*=.*$", "width=" + size).replaceFirst("(?m)^height\\s*=.*$", "height=" + size);
        return Files.writeString(temp.resolve(cfgName), text);
    }

    private static float[] seededImage(int size) {
        Random random = new Random(7);
        float[] image = new float[size * size * 3];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        return image;
    }
}
