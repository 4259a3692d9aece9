package dev.vigia.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.app.CliRun;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.detect.ObjectDetectionExports;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * A SavedModel with a ReadFile op, imported by {@code models import} and given to
 * {@code detect --detector PATH}: refused in one line naming the op and {@code --trust-model},
 * installed with the flag. (The model never runs, so no TensorFlow and no cached home is needed.)
 */
class TrustModelFlagTest {

    private static Path exportReadingFiles(Path dir) throws Exception {
        Path export = ObjectDetectionExports.build(dir, true);
        Path pb = export.resolve("saved_model.pb");
        SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(pb));
        MetaGraphDef meta = saved.getMetaGraphs(0);
        NodeDef readFile = NodeDef.newBuilder().setName("secret").setOp("ReadFile").addInput("input_tensor").build();
        Files.write(pb, saved.toBuilder().setMetaGraphs(0, meta.toBuilder()
                .setGraphDef(meta.getGraphDef().toBuilder().addNode(readFile))).build().toByteArray());
        return export;
    }

    @Test
    void aSavedModelWithAFileOpNeedsTrustModel(@TempDir Path home, @TempDir Path dir) throws Exception {
        Path image = VigiaHome.samples().resolve("dog.jpg");
        Path export = exportReadingFiles(dir);
        String savedHome = System.getProperty(VigiaHome.PROPERTY);
        System.setProperty(VigiaHome.PROPERTY, home.toString());
        try {
            CliRun refused = CliRun.inChild("models", "import", export.toString(), "--id", "od", "--family", "ssd");
            assertTrue(refused.isOneLineUserError(), refused.err());
            assertTrue(refused.err().contains("ReadFile") && refused.err().contains("--trust-model"), refused.err());
            assertFalse(Files.exists(home.resolve("models").resolve("od")), "nothing was installed");

            CliRun detect = CliRun.inChild("detect", "--detector", export.toString(), "--out", home.resolve("out").toString(),
                    image.toString());
            assertTrue(detect.isOneLineUserError(), detect.err());
            assertTrue(detect.err().contains("ReadFile") && detect.err().contains("--trust-model"), detect.err());

            // Trusted, detect gets past the check to what a SavedModel outside the catalog needs next: its family.
            CliRun trustedDetect = CliRun.inChild("detect", "--detector", export.toString(), "--trust-model",
                    "--out", home.resolve("out").toString(), image.toString());
            assertTrue(trustedDetect.isOneLineUserError(), trustedDetect.err());
            assertTrue(trustedDetect.err().contains("--family") && !trustedDetect.err().contains("ReadFile"), trustedDetect.err());

            CliRun trusted = CliRun.of("models", "import", export.toString(), "--id", "od", "--family", "ssd", "--trust-model");
            assertEquals(0, trusted.exitCode(), trusted.err());
            assertTrue(trusted.out().startsWith("od (ssd, saved-model) imported"), trusted.out());
            assertTrue(Files.isRegularFile(home.resolve("models").resolve("od").resolve("saved_model").resolve("saved_model.pb")));
        } finally {
            System.setProperty(VigiaHome.PROPERTY, savedHome);
        }
    }
}
