package dev.vigia.models.convert;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.models.tfjs.GraphOpCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * The op check for a SavedModel to import: every node of every meta graph's graph and of its
 * function library must be an op of the allow-list that TF.js models are held to. A SavedModel
 * is untrusted input like any model file (it can read and write files through its ops), so one
 * with other ops is installed only when the caller says the model is trusted.
 */
public final class SavedModelOps {

    /** The setting a front end maps to its own words (the command line's {@code --trust-model}). */
    public static final String TRUST_SETTING = Setting.TRUST_MODEL.id();

    private SavedModelOps() {}

    public static void requireAllowed(Path savedModelPb, boolean trusted) throws IOException {
        if (trusted) {
            return;
        }
        SavedModel savedModel;
        try {
            savedModel = SavedModel.parseFrom(Files.readAllBytes(savedModelPb));
        } catch (InvalidProtocolBufferException e) {
            throw new UserError(savedModelPb + " is not a TensorFlow SavedModel (" + e.getMessage() + "); give a SavedModel's folder");
        }
        for (MetaGraphDef metaGraph : savedModel.getMetaGraphsList()) {
            Optional<String> problem = GraphOpCheck.firstDisallowed(metaGraph.getGraphDef());
            if (problem.isPresent()) {
                throw new InvalidSettingException(Setting.TRUST_MODEL, savedModelPb.toString(), savedModelPb + ": " + problem.get()
                        + ", outside the ops Vigía runs in a model it is not told to trust");
            }
        }
    }
}
