package dev.vigia.models.faceapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.UserError;
import dev.vigia.models.tfjs.TfjsWeights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The named float tensors of a TF.js weights-only manifest (a JSON array of weight groups, as
 * face-api ships its models: weights, no graph). Missing or misshapen weights name the manifest.
 */
public final class FaceApiWeights {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path manifest;
    private final Map<String, TfjsWeights.Weight> weights;

    private FaceApiWeights(Path manifest, Map<String, TfjsWeights.Weight> weights) {
        this.manifest = manifest;
        this.weights = weights;
    }

    public static FaceApiWeights read(Path manifest) throws IOException {
        JsonNode groups;
        try {
            groups = JSON.readTree(manifest.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UserError(manifest + " is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (groups == null || !groups.isArray()) {
            throw new UserError(manifest + " is not a TF.js weights manifest (a JSON array of weight groups)");
        }
        return new FaceApiWeights(manifest, TfjsWeights.read(groups, manifest.toAbsolutePath().getParent()));
    }

    public Path manifest() {
        return manifest;
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
