package dev.vigia.models.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.SavedModelRunner;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A functional Keras model written here as a TF.js layers model (two branches, two outputs),
 * converted and run through DJL, against the same network computed by plain loops in this test.
 *
 * <pre>
 * input 4x4x2 ─ conv 3x3 relu ─ bn ─ pool 2 ─┬─ skip 1x1 ─ add(pool, skip) ─ gap ─ dense softmax  → "probabilities"
 *                               │             └─ upsample 2 ─┐
 *                               └──────────── concat(bn, up) ─ pad 1 ─ separable 3x3 valid ─ leaky ─ flatten ─ dense → "score"
 * </pre>
 */
class TfjsLayersConverterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Random random = new Random(11);
    private final ArrayNode manifestWeights = JSON.createArrayNode();
    private final ByteArrayOutputStream shard = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void functionalModelMatchesTheLayersComputedByHand() throws Exception {
        float[] convKernel = weight("conv/kernel", 3, 3, 2, 3);
        float[] convBias = weight("conv/bias", 3);
        float[] gamma = weight("bn/gamma", 3);
        float[] beta = weight("bn/beta", 3);
        float[] mean = weight("bn/moving_mean", 3);
        float[] variance = positive(weight("bn/moving_variance", 3));
        float[] skipKernel = weight("skip/kernel", 1, 1, 3, 3);
        float[] skipBias = weight("skip/bias", 3);
        float[] denseKernel = weight("dense/kernel", 3, 2);
        float[] denseBias = weight("dense/bias", 2);
        float[] depthKernel = weight("sep/depthwise_kernel", 3, 3, 6, 1);
        float[] pointKernel = weight("sep/pointwise_kernel", 1, 1, 6, 2);
        float[] sepBias = weight("sep/bias", 2);
        float[] scoreKernel = weight("score/kernel", 32, 1);
        float[] scoreBias = weight("score/bias", 1);

        ArrayNode layers = JSON.createArrayNode();
        layers.add(layer("InputLayer", "input", "{\"batch_input_shape\": [null, 4, 4, 2]}"));
        layers.add(layer("Conv2D", "conv", "{\"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"same\", "
                + "\"activation\": \"relu\", \"use_bias\": true, \"filters\": 3}", "input"));
        layers.add(layer("BatchNormalization", "bn", "{\"epsilon\": 0.001, \"center\": true, \"scale\": true}", "conv"));
        layers.add(layer("MaxPooling2D", "pool", "{\"pool_size\": [2, 2], \"strides\": [2, 2], \"padding\": \"valid\"}", "bn"));
        layers.add(layer("Conv2D", "skip", "{\"kernel_size\": [1, 1], \"strides\": [1, 1], \"padding\": \"valid\", "
                + "\"activation\": \"linear\", \"use_bias\": true, \"filters\": 3}", "pool"));
        layers.add(layer("Add", "sum", "{}", "pool", "skip"));
        layers.add(layer("GlobalAveragePooling2D", "gap", "{}", "sum"));
        layers.add(layer("Dense", "dense", "{\"units\": 2, \"activation\": \"softmax\", \"use_bias\": true}", "gap"));
        layers.add(layer("UpSampling2D", "up", "{\"size\": [2, 2], \"interpolation\": \"nearest\"}", "pool"));
        layers.add(layer("Concatenate", "cat", "{\"axis\": -1}", "bn", "up"));
        layers.add(layer("ZeroPadding2D", "pad", "{\"padding\": [[1, 1], [1, 1]]}", "cat"));
        layers.add(layer("SeparableConv2D", "sep", "{\"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", "
                + "\"activation\": \"linear\", \"use_bias\": true, \"filters\": 2, \"depth_multiplier\": 1}", "pad"));
        layers.add(layer("LeakyReLU", "leaky", "{\"alpha\": 0.2}", "sep"));
        layers.add(layer("Flatten", "flat", "{}", "leaky"));
        layers.add(layer("Dense", "score", "{\"units\": 1, \"activation\": \"sigmoid\", \"use_bias\": true}", "flat"));
        Path modelJson = writeModel(layers, "[[\"dense\", 0, 0], [\"score\", 0, 0]]");

        float[] image = new float[4 * 4 * 2];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat() * 2 - 1;
        }
        float[][][] conv = relu(convolve(tensor(image, 4, 4, 2), convKernel, 3, 3, 2, 3, 1, convBias));
        float[][][] bn = perChannel(conv, (v, c) -> (float) (gamma[c] * (v - mean[c]) / Math.sqrt(variance[c] + 0.001) + beta[c]));
        float[][][] pool = maxPool(bn);
        float[][][] sum = add(pool, convolve(pool, skipKernel, 1, 1, 3, 3, 0, skipBias));
        float[] probabilities = softmax(dense(globalMean(sum), denseKernel, 3, 2, denseBias));
        float[][][] cat = concat(bn, upsample(pool));
        float[][][] depthwise = depthwiseValid(padded(cat), depthKernel, 6);
        float[][][] sep = convolve(depthwise, pointKernel, 1, 1, 6, 2, 0, sepBias);
        float[][][] leaky = perChannel(sep, (v, c) -> v > 0 ? v : 0.2f * v);
        float score = sigmoid(dense(flatten(leaky), scoreKernel, 32, 1, scoreBias)[0]);

        Path savedModel = dir.resolve("saved_model");
        SavedModelSummary summary = TfjsLayersConverter.convert(modelJson, savedModel);
        assertEquals(2, summary.outputs().size());
        try (SavedModelRunner runner = SavedModelRunner.load(savedModel, DeviceChoice.CPU)) {
            NDArray input = runner.manager().create(image, new Shape(1, 4, 4, 2));
            Map<String, NDArray> out = runner.run(new NDList(input));
            assertArrayEquals(probabilities, out.get("dense").toFloatArray(), 1e-5f);
            assertEquals(score, out.get("score").toFloatArray()[0], 1e-5f);
        }
    }

    /**
     * The ESRGAN exports' tail on an input of free size: a residual scaled by {@code MultiplyBeta},
     * a {@code PixelShuffle2x} (channel (dy·2 + dx) of a pixel becomes the sub-pixel (dy, dx)) and
     * a nearest {@code UpSampling2D}, run at two sizes from one conversion.
     */
    @Test
    void superResolutionLayersTakeAnyInputSize() throws Exception {
        ArrayNode layers = JSON.createArrayNode();
        layers.add(layer("InputLayer", "LR", "{\"batch_input_shape\": [null, null, null, 4]}"));
        layers.add(layer("MultiplyBeta", "beta", "{\"beta\": 0.2}", "LR"));
        layers.add(layer("PixelShuffle2x", "shuffle", "{\"scale\": 2}", "beta"));
        layers.add(layer("UpSampling2D", "up", "{\"size\": [2, 2], \"interpolation\": \"nearest\"}", "shuffle"));
        Path modelJson = writeModel(layers, "[[\"up\", 0, 0]]");
        Path savedModel = dir.resolve("sr_model");
        TfjsLayersConverter.convert(modelJson, savedModel);
        try (SavedModelRunner runner = SavedModelRunner.load(savedModel, DeviceChoice.CPU)) {
            for (int[] size : new int[][] {{2, 3}, {3, 1}}) {
                int height = size[0];
                int width = size[1];
                float[] image = new float[height * width * 4];
                for (int i = 0; i < image.length; i++) {
                    image[i] = random.nextFloat();
                }
                float[] expected = new float[height * 4 * width * 4];
                for (int y = 0; y < height * 4; y++) {
                    for (int x = 0; x < width * 4; x++) {
                        int shuffledY = y / 2;
                        int shuffledX = x / 2;
                        int channel = (shuffledY % 2) * 2 + shuffledX % 2;
                        expected[y * width * 4 + x] = 0.2f * image[((shuffledY / 2) * width + shuffledX / 2) * 4 + channel];
                    }
                }
                NDArray input = runner.manager().create(image, new Shape(1, height, width, 4));
                NDArray out = runner.run(new NDList(input)).get("up");
                assertArrayEquals(new long[] {1, height * 4, width * 4, 1}, out.getShape().getShape());
                assertArrayEquals(expected, out.toFloatArray(), 1e-6f);
            }
        }
    }

    // --- the model file ---

    private float[] weight(String name, int... shape) {
        int n = 1;
        ObjectNode entry = manifestWeights.addObject().put("name", name).put("dtype", "float32");
        ArrayNode dims = entry.putArray("shape");
        for (int d : shape) {
            n *= d;
            dims.add(d);
        }
        float[] values = new float[n];
        ByteBuffer bytes = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() - 0.5f;
            bytes.putFloat(values[i]);
        }
        shard.writeBytes(bytes.array());
        return values;
    }

    /** Variances are positive: rewrites the last weight's values in place, in the shard too. */
    private float[] positive(float[] variance) {
        byte[] all = shard.toByteArray();
        ByteBuffer tail = ByteBuffer.wrap(all, all.length - variance.length * 4, variance.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < variance.length; i++) {
            variance[i] = variance[i] + 1f;
            tail.putFloat(variance[i]);
        }
        shard.reset();
        shard.writeBytes(all);
        return variance;
    }

    private static ObjectNode layer(String kind, String name, String config, String... inputs) throws Exception {
        ObjectNode layer = JSON.createObjectNode().put("class_name", kind).put("name", name);
        ObjectNode c = (ObjectNode) JSON.readTree(config);
        c.put("name", name);
        layer.set("config", c);
        ArrayNode node = layer.putArray("inbound_nodes").addArray();
        for (String input : inputs) {
            node.addArray().add(input).add(0).add(0).addObject();
        }
        return layer;
    }

    private Path writeModel(ArrayNode layers, String outputLayers) throws Exception {
        ObjectNode root = JSON.createObjectNode().put("format", "layers-model");
        ObjectNode config = root.putObject("modelTopology").putObject("model_config").put("class_name", "Functional")
                .putObject("config");
        config.set("layers", layers);
        config.set("input_layers", JSON.readTree("[[\"input\", 0, 0]]"));
        config.set("output_layers", JSON.readTree(outputLayers));
        ObjectNode group = root.putArray("weightsManifest").addObject();
        group.putArray("paths").add("group1-shard1of1.bin");
        group.set("weights", manifestWeights);
        Files.write(dir.resolve("group1-shard1of1.bin"), shard.toByteArray());
        Path json = dir.resolve("model.json");
        JSON.writeValue(json.toFile(), root);
        return json;
    }

    // --- the same network by hand, [y][x][channel] ---

    private static float[][][] tensor(float[] flat, int h, int w, int c) {
        float[][][] t = new float[h][w][c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(flat, (y * w + x) * c, t[y][x], 0, c);
            }
        }
        return t;
    }

    /** Stride-1 convolution with zero padding {@code pad}, HWIO kernel. */
    private static float[][][] convolve(float[][][] in, float[] kernel, int kh, int kw, int cin, int cout, int pad, float[] bias) {
        int h = in.length + 2 * pad - kh + 1;
        int w = in[0].length + 2 * pad - kw + 1;
        float[][][] out = new float[h][w][cout];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int o = 0; o < cout; o++) {
                    float sum = bias[o];
                    for (int dy = 0; dy < kh; dy++) {
                        for (int dx = 0; dx < kw; dx++) {
                            int sy = y + dy - pad;
                            int sx = x + dx - pad;
                            if (sy < 0 || sx < 0 || sy >= in.length || sx >= in[0].length) {
                                continue;
                            }
                            for (int i = 0; i < cin; i++) {
                                sum += in[sy][sx][i] * kernel[((dy * kw + dx) * cin + i) * cout + o];
                            }
                        }
                    }
                    out[y][x][o] = sum;
                }
            }
        }
        return out;
    }

    private static float[][][] depthwiseValid(float[][][] in, float[] kernel, int channels) {
        int h = in.length - 2;
        int w = in[0].length - 2;
        float[][][] out = new float[h][w][channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    for (int dy = 0; dy < 3; dy++) {
                        for (int dx = 0; dx < 3; dx++) {
                            out[y][x][c] += in[y + dy][x + dx][c] * kernel[(dy * 3 + dx) * channels + c];
                        }
                    }
                }
            }
        }
        return out;
    }

    private interface ChannelFunction {
        float apply(float value, int channel);
    }

    private static float[][][] perChannel(float[][][] in, ChannelFunction f) {
        float[][][] out = new float[in.length][in[0].length][in[0][0].length];
        for (int y = 0; y < in.length; y++) {
            for (int x = 0; x < in[0].length; x++) {
                for (int c = 0; c < in[0][0].length; c++) {
                    out[y][x][c] = f.apply(in[y][x][c], c);
                }
            }
        }
        return out;
    }

    private static float[][][] relu(float[][][] in) {
        return perChannel(in, (v, c) -> Math.max(0, v));
    }

    private static float[][][] maxPool(float[][][] in) {
        float[][][] out = new float[in.length / 2][in[0].length / 2][in[0][0].length];
        for (int y = 0; y < out.length; y++) {
            for (int x = 0; x < out[0].length; x++) {
                for (int c = 0; c < out[0][0].length; c++) {
                    out[y][x][c] = Math.max(Math.max(in[2 * y][2 * x][c], in[2 * y][2 * x + 1][c]),
                            Math.max(in[2 * y + 1][2 * x][c], in[2 * y + 1][2 * x + 1][c]));
                }
            }
        }
        return out;
    }

    private static float[][][] add(float[][][] a, float[][][] b) {
        float[][][] out = new float[a.length][a[0].length][a[0][0].length];
        for (int y = 0; y < a.length; y++) {
            for (int x = 0; x < a[0].length; x++) {
                for (int c = 0; c < a[0][0].length; c++) {
                    out[y][x][c] = a[y][x][c] + b[y][x][c];
                }
            }
        }
        return out;
    }

    private static float[] globalMean(float[][][] in) {
        float[] out = new float[in[0][0].length];
        for (float[][] row : in) {
            for (float[] cell : row) {
                for (int c = 0; c < out.length; c++) {
                    out[c] += cell[c] / (in.length * in[0].length);
                }
            }
        }
        return out;
    }

    private static float[] dense(float[] in, float[] kernel, int inputs, int units, float[] bias) {
        float[] out = bias.clone();
        for (int o = 0; o < units; o++) {
            for (int i = 0; i < inputs; i++) {
                out[o] += in[i] * kernel[i * units + o];
            }
        }
        return out;
    }

    private static float[] softmax(float[] logits) {
        double max = Math.max(logits[0], logits[1]);
        double a = Math.exp(logits[0] - max);
        double b = Math.exp(logits[1] - max);
        return new float[] {(float) (a / (a + b)), (float) (b / (a + b))};
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    private static float[][][] upsample(float[][][] in) {
        float[][][] out = new float[in.length * 2][in[0].length * 2][];
        for (int y = 0; y < out.length; y++) {
            for (int x = 0; x < out[0].length; x++) {
                out[y][x] = in[y / 2][x / 2].clone();
            }
        }
        return out;
    }

    private static float[][][] concat(float[][][] a, float[][][] b) {
        float[][][] out = new float[a.length][a[0].length][];
        for (int y = 0; y < a.length; y++) {
            for (int x = 0; x < a[0].length; x++) {
                float[] cell = new float[a[y][x].length + b[y][x].length];
                System.arraycopy(a[y][x], 0, cell, 0, a[y][x].length);
                System.arraycopy(b[y][x], 0, cell, a[y][x].length, b[y][x].length);
                out[y][x] = cell;
            }
        }
        return out;
    }

    private static float[][][] padded(float[][][] in) {
        float[][][] out = new float[in.length + 2][in[0].length + 2][in[0][0].length];
        for (int y = 0; y < in.length; y++) {
            for (int x = 0; x < in[0].length; x++) {
                out[y + 1][x + 1] = in[y][x].clone();
            }
        }
        return out;
    }

    private static float[] flatten(float[][][] in) {
        float[] out = new float[in.length * in[0].length * in[0][0].length];
        int k = 0;
        for (float[][] row : in) {
            for (float[] cell : row) {
                for (float v : cell) {
                    out[k++] = v;
                }
            }
        }
        return out;
    }
}
