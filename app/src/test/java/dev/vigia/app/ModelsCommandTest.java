package dev.vigia.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.VigiaHome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {

    @Test
    void listShowsEveryCatalogModelWithItsFamilyAndCacheState() {
        CliRun run = CliRun.of("models", "list");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("ID"), run.out());
        for (String row : new String[] {"nanodet +nanodet +tfjs-graph", "centernet +centernet", "tiny_face_detector +yolo +tfjs-weights",
                "ssd_mobilenetv1 +ssd +tfjs-weights", "selfie +segmentation", "meet +segmentation"}) {
            assertTrue(java.util.regex.Pattern.compile("(?m)^" + row).matcher(run.out()).find(), row + " in\n" + run.out());
        }
    }

    @Test
    void infoShowsTheSettings() {
        CliRun run = CliRun.of("models", "info", "nanodet");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("family: \"nanodet\""), run.out());
        assertTrue(run.out().contains("resize: \"LETTERBOX\""), run.out());
        assertTrue(run.out().contains("cached: "), run.out());
    }

    @Test
    void pullOfAnUnknownModelAndImportOfNothingAreOneLine() {
        assertTrue(CliRun.of("models", "pull", "nope").isOneLineUserError());
        assertTrue(CliRun.of("models", "import", "/no/such/model.json").isOneLineUserError());
        assertTrue(CliRun.of("models", "info", "nope").isOneLineUserError());
    }

    @Test
    void withoutNpmAnUncachedModelIsOneLineThatSaysHowToImport(@TempDir Path home) {
        String savedHome = System.getProperty(VigiaHome.PROPERTY);
        System.setProperty(VigiaHome.PROPERTY, home.toString());
        System.setProperty("vigia.npm", "/nonexistent/npm");
        try {
            CliRun run = CliRun.of("models", "pull", "nanodet");
            assertTrue(run.isOneLineUserError(), run.err());
            assertTrue(run.err().contains("vigia models import PATH"), run.err());
        } finally {
            System.setProperty(VigiaHome.PROPERTY, savedHome);
            System.clearProperty("vigia.npm");
        }
    }
}
