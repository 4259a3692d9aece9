package dev.vigia.models.faceapi;

import dev.vigia.config.UserError;
import dev.vigia.models.graph.GraphBuilder;
import dev.vigia.models.tfjs.NamedWeights;
import java.nio.file.Path;
import java.util.Set;

/** The networks behind face-api's weights-only manifests, by architecture name. */
public final class FaceApiGraphs {

    public static final String TINY_FACE_DETECTOR = "tiny-face-detector";
    public static final String SSD_MOBILENETV1 = "ssd-mobilenetv1";

    private FaceApiGraphs() {}

    /** Recognises the architecture from the weights' names, for manifests imported without a catalog entry. */
    public static String architectureOf(Set<String> weightNames, Path manifest) {
        if (weightNames.contains("conv0/filters") && weightNames.contains("conv8/filters")) {
            return TINY_FACE_DETECTOR;
        }
        if (weightNames.contains("MobilenetV1/Conv2d_0_pointwise/weights")
                && weightNames.contains("Prediction/BoxPredictor_0/ClassPredictor/weights")) {
            return SSD_MOBILENETV1;
        }
        throw new UserError(manifest + " is a TF.js weights manifest of a network Vigía cannot build; it builds "
                + TINY_FACE_DETECTOR + " and " + SSD_MOBILENETV1);
    }

    public static GraphBuilder build(String architecture, NamedWeights weights, int inputSize) {
        return switch (architecture) {
            case TINY_FACE_DETECTOR -> TinyFaceDetectorGraph.build(weights, inputSize);
            case SSD_MOBILENETV1 -> SsdMobilenetV1Graph.build(weights, inputSize);
            default -> throw new UserError("Unknown architecture '" + architecture + "'; known: "
                    + TINY_FACE_DETECTOR + ", " + SSD_MOBILENETV1);
        };
    }
}
