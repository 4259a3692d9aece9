package dev.vigia.models.tfjs;

import ai.djl.util.Float16Utils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigia.config.UserError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes the binary weight shards of a TF.js model into little-endian tensors of their original
 * dtype: float16, uint8 and uint16 quantisation are undone here.
 *
 * <p>Each manifest group lists its shard files and the weights stored back to back across their
 * concatenation.
 */
public final class TfjsWeights {

    /** One decoded weight: dtype as TF.js names it ("float32", "int32", "bool"), shape, raw bytes. */
    public record Weight(String name, String dtype, long[] shape, byte[] littleEndianData) {
        public long elementCount() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private TfjsWeights() {}

    /** Reads every weight of {@code weightsManifest}, resolving shard paths against {@code folder}. */
    public static Map<String, Weight> read(JsonNode weightsManifest, Path folder) throws IOException {
        Map<String, Weight> weights = new LinkedHashMap<>();
        for (JsonNode group : weightsManifest) {
            ByteBuffer buffer = concatenateShards(group.path("paths"), folder);
            for (JsonNode spec : group.path("weights")) {
                Weight weight = decode(spec, buffer, folder);
                weights.put(weight.name(), weight);
            }
            if (buffer.hasRemaining()) {
                throw new UserError("TF.js model in " + folder + " has " + buffer.remaining()
                        + " unread bytes after its weights; the manifest and the .bin shards do not match");
            }
        }
        return weights;
    }

    private static ByteBuffer concatenateShards(JsonNode paths, Path folder) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (JsonNode path : paths) {
            Path shard = folder.resolve(path.asText());
            if (!Files.isRegularFile(shard)) {
                throw new UserError("TF.js weight shard " + shard + " is missing; copy the whole model folder");
            }
            all.write(Files.readAllBytes(shard));
        }
        return ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static Weight decode(JsonNode spec, ByteBuffer buffer, Path folder) {
        String name = spec.path("name").asText();
        String dtype = spec.path("dtype").asText();
        long[] shape = new long[spec.path("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = spec.path("shape").get(i).asLong();
            count *= shape[i];
        }
        int n = Math.toIntExact(count);
        JsonNode quantization = spec.path("quantization");
        String storedAs = quantization.isMissingNode() ? dtype : quantization.path("dtype").asText();
        int storedBytes = n * bytesPerElement(storedAs, name, folder);
        if (buffer.remaining() < storedBytes) {
            throw new UserError("TF.js weight '" + name + "' in " + folder + " needs " + storedBytes
                    + " bytes but the shards end after " + buffer.remaining() + "; the .bin files are truncated");
        }
        ByteBuffer out = ByteBuffer.allocate(n * bytesPerElement(dtype, name, folder)).order(ByteOrder.LITTLE_ENDIAN);
        switch (storedAs) {
            case "float32", "int32", "bool" -> {
                byte[] raw = new byte[storedBytes];
                buffer.get(raw);
                out.put(raw);
            }
            case "float16" -> {
                for (int i = 0; i < n; i++) {
                    out.putFloat(Float16Utils.halfToFloat(buffer.getShort()));
                }
            }
            case "uint8", "uint16" -> {
                float scale = (float) quantization.path("scale").asDouble();
                float min = (float) quantization.path("min").asDouble();
                boolean wide = storedAs.equals("uint16");
                for (int i = 0; i < n; i++) {
                    int q = wide ? Short.toUnsignedInt(buffer.getShort()) : Byte.toUnsignedInt(buffer.get());
                    float value = q * scale + min;
                    if (dtype.equals("int32")) {
                        out.putInt(Math.round(value));
                    } else {
                        out.putFloat(value);
                    }
                }
            }
            default -> throw new UserError("TF.js weight '" + name + "' in " + folder
                    + " uses quantisation '" + storedAs + "', which Vigía cannot read");
        }
        return new Weight(name, dtype, shape, out.array());
    }

    private static int bytesPerElement(String dtype, String name, Path folder) {
        return switch (dtype) {
            case "float32", "int32" -> 4;
            case "float16", "uint16" -> 2;
            case "uint8", "bool" -> 1;
            default -> throw new UserError("TF.js weight '" + name + "' in " + folder
                    + " has dtype '" + dtype + "', which Vigía cannot convert");
        };
    }
}
