package dev.vigia.models.darknet;

import static org.bytedeco.opencv.global.opencv_dnn.readNetFromDarknet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.vigia.config.UserError;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.tfjs.SavedModelWriter;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Our Darknet → SavedModel conversion against an independent reader of the same files: OpenCV's
 * DNN module. Debian's cfgs with seeded random weights; both get the same input and must produce
 * the same raw maps in front of every detection layer.
 */
class DarknetConverterTest {

    private static final double TOLERANCE = 1e-3;

    @TempDir
    Path temp;

    /** yolov3.cfg runs at 256x256 to keep the test short; its 62M weights are all there. */
    @ParameterizedTest
    @CsvSource({"yolov3-tiny.cfg, 416", "yolov2-tiny.cfg, 416", "yolov3.cfg, 256"})
    void rawOutputsEqualOpenCvDnn(String cfgName, int size) throws Exception {
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

        try (SavedModelRunner runner = SavedModelRunner.load(savedModel, DeviceChoice.CPU)) {
            NDArray input = runner.manager().create(image, new Shape(1, size, size, 3));
            Map<String, NDArray> ours = runner.run(new NDList(input));
            int compared = 0;
            for (String output : runner.outputNames()) {
                Mat reference = net.forward(openCvLayerBefore(net, output, model));
                NDArray mine = ours.get(output);
                long[] nhwc = mine.getShape().getShape();
                float[] values = mine.toFloatArray();
                FloatPointer theirs = new FloatPointer(reference.data());
                int h = (int) nhwc[1];
                int w = (int) nhwc[2];
                int channels = (int) nhwc[3];
                assertEquals((long) h * w * channels, reference.total(), output + " size");
                double worst = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < channels; c++) {
                            float a = values[(y * w + x) * channels + c];
                            float b = theirs.get(((long) c * h + y) * w + x);
                            worst = Math.max(worst, Math.abs(a - b));
                        }
                    }
                }
                System.out.printf(java.util.Locale.ROOT, "%s %s [%d,%d,%d]: max abs difference vs OpenCV DNN %.3g%n",
                        cfgName, output, h, w, channels, worst);
                assertTrue(worst <= TOLERANCE, cfgName + " " + output + ": max abs difference " + worst);
                compared++;
            }
            assertEquals(model.head().get("outputs").size(), compared);
        }
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
        String text = Files.readString(SampleMedia.standard().file(cfgName))
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
