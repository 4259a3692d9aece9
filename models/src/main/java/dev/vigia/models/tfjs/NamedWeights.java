package dev.vigia.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The named float tensors of TF.js weight groups: a weights-only manifest (a JSON array of
 * groups, as face-api ships its models) or a layers model's {@code weightsManifest}. Missing or
 * misshapen weights name the file they were read for.
 */
public final class NamedWeights {

    private final Path manifest;
    private final Map<String, TfjsWeights.Weight> weights;

    private NamedWeights(Path manifest, Map<String, TfjsWeights.Weight> weights) {
        this.manifest = manifest;
        this.weights = weights;
    }

    /** Reads the weight groups that {@code groups} lists, for the model described by {@code file}. */
    public static NamedWeights of(JsonNode groups, Path file) throws IOException {
        return new NamedWeights(file, TfjsWeights.read(groups, file.toAbsolutePath().getParent()));
    }

    /** Reads a weights-only manifest file. */
    public static NamedWeights read(Path manifest) throws IOException {
        return new NamedWeights(manifest, TfjsWeights.read(groups(manifest), manifest.toAbsolutePath().getParent()));
    }

    /** The weight names a weights-only manifest lists, without reading its shards. */
    public static java.util.Set<String> namesIn(Path manifest) throws IOException {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (JsonNode group : groups(manifest)) {
            group.path("weights").forEach(weight -> names.add(weight.path("name").asText()));
        }
        return names;
    }

    private static JsonNode groups(Path manifest) throws IOException {
        JsonNode groups = JsonFiles.read(manifest);
        if (!groups.isArray()) {
            throw new UserError(manifest + " is not a TF.js weights manifest (a JSON array of weight groups)");
        }
        return groups;
    }

    public Path manifest() {
        return manifest;
    }

    public java.util.Set<String> names() {
        return weights.keySet();
    }

    public boolean has(String name) {
        return weights.containsKey(name);
    }

    /** The float32 values of {@code name}, which must have {@code expectedRank} dimensions. */
    public float[] floats(String name, int expectedRank) {
        TfjsWeights.Weight weight = require(name);
        if (!weight.dtype().equals("float32") || weight.shape().length != expectedRank) {
            throw new UserError(manifest + ": weight '" + name + "' is " + weight.dtype() + Arrays.toString(weight.shape())
                    + ", expected float32 of rank " + expectedRank);
        }
        float[] values = new float[(int) weight.elementCount()];
        ByteBuffer.wrap(weight.littleEndianData()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    public long[] shape(String name) {
        return require(name).shape().clone();
    }

    private TfjsWeights.Weight require(String name) {
        TfjsWeights.Weight weight = weights.get(name);
        if (weight == null) {
            throw new UserError(manifest + " has no weight '" + name + "'; it is not the model its catalog entry names");
        }
        return weight;
    }
}
