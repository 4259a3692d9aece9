package dev.vigia.models.tfjs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * Writes a variable-free TensorFlow SavedModel (every weight a Const in the graph): tag
 * {@code serve}, signature {@code serving_default}, an empty {@code variables/} folder.
 */
public final class SavedModelWriter {

    public static final String SIGNATURE_KEY = "serving_default";
    public static final String TAG = "serve";

    private SavedModelWriter() {}

    public static void write(GraphDef graph, SignatureDef signature, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("variables"));
        MetaGraphDef metaGraph = MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags(TAG))
                .setGraphDef(graph)
                .putSignatureDef(SIGNATURE_KEY, signature)
                .build();
        SavedModel savedModel = SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(metaGraph).build();
        try (OutputStream out = Files.newOutputStream(dir.resolve("saved_model.pb"))) {
            savedModel.writeTo(out);
        }
    }
}
