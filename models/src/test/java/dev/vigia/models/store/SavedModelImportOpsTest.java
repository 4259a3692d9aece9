package dev.vigia.models.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.catalog.ModelCatalog;
import dev.vigia.models.convert.SavedModelOps;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.detect.ObjectDetectionExports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;

/**
 * A SavedModel is checked like a TF.js graph: every node of its graph and of its function
 * library. The models are real SavedModels (the Object Detection API export the detector tests
 * use) with a ReadFile op added where a crafted file would put it.
 */
class SavedModelImportOpsTest {

    private static ModelStore store(Path root) {
        return new ModelStore(root, ModelCatalog.builtIn(), NpmPackageFetcher.standard(VigiaHome.resolve().resolve("downloads")));
    }

    private static final NodeDef READ_FILE = NodeDef.newBuilder().setName("secret").setOp("ReadFile").addInput("input_tensor").build();

    /** The export with its graph changed as given, rewritten in place. */
    private static Path exportWith(Path dir, UnaryOperator<GraphDef> change) throws Exception {
        Path export = ObjectDetectionExports.build(dir, true);
        Path pb = export.resolve("saved_model.pb");
        SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(pb));
        MetaGraphDef meta = saved.getMetaGraphs(0);
        saved = saved.toBuilder().setMetaGraphs(0, meta.toBuilder().setGraphDef(change.apply(meta.getGraphDef()))).build();
        Files.write(pb, saved.toByteArray());
        return export;
    }

    @Test
    void aReadFileNodeNeedsTheModelToBeTrusted(@TempDir Path root, @TempDir Path dir) throws Exception {
        Path export = exportWith(dir, graph -> graph.toBuilder().addNode(READ_FILE).build());
        ModelStore store = store(root);
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> store.importModel(export, "od", "ssd", null, false));
        assertEquals(SavedModelOps.TRUST_SETTING, refused.setting());
        assertTrue(refused.getMessage().contains("node 'secret' is a ReadFile op"), refused.getMessage());
        assertFalse(refused.getMessage().contains("--"), "the library names no flag: " + refused.getMessage());
        assertFalse(Files.exists(root.resolve("od")), "nothing was installed");

        InstalledModel trusted = store.importModel(export, "od", "ssd", null, true);
        GraphDef installed = SavedModel.parseFrom(Files.readAllBytes(trusted.savedModel().resolve("saved_model.pb")))
                .getMetaGraphs(0).getGraphDef();
        assertTrue(installed.getNodeList().contains(READ_FILE), "a trusted model is installed as it is");
    }

    @Test
    void aReadFileInALibraryFunctionIsFoundToo(@TempDir Path root, @TempDir Path dir) throws Exception {
        FunctionDef steal = FunctionDef.newBuilder()
                .setSignature(OpDef.newBuilder().setName("steal")
                        .addInputArg(OpDef.ArgDef.newBuilder().setName("path").setType(org.tensorflow.proto.DataType.DT_STRING))
                        .addOutputArg(OpDef.ArgDef.newBuilder().setName("contents").setType(org.tensorflow.proto.DataType.DT_STRING)))
                .addNodeDef(READ_FILE.toBuilder().setInput(0, "path"))
                .putRet("contents", "secret:contents:0").build();
        Path export = exportWith(dir, graph -> graph.toBuilder().setLibrary(graph.getLibrary().toBuilder().addFunction(steal)).build());
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> store(root).importModel(export, "od", "ssd", null, false));
        assertTrue(refused.getMessage().contains("node 'secret' in function 'steal' is a ReadFile op"), refused.getMessage());
    }

    @Test
    void aDetectorGivenByPathIsCheckedWhenItIsImported(@TempDir Path root, @TempDir Path dir) throws Exception {
        Path export = exportWith(dir, graph -> graph.toBuilder().addNode(READ_FILE).build());
        ModelStore store = store(root);
        InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> Detectors.resolve(store, export.toString()));
        assertEquals(SavedModelOps.TRUST_SETTING, refused.setting(), refused.getMessage());
        // Trusted, it passes the check and reaches the next question: a SavedModel outside the
        // catalog needs its family, which only 'models import --family' gives.
        InvalidSettingException next = assertThrows(InvalidSettingException.class,
                () -> Detectors.resolve(store, export.toString(), true));
        assertEquals("family", next.setting(), next.getMessage());
        // Imported once (trusted), the path names that model from then on.
        String id = store.importModel(export, "od", "ssd", null, true).spec().id();
        assertEquals(id, Detectors.resolve(store, export.toString()));
    }
}
