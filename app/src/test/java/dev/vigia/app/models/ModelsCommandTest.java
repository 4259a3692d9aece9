package dev.vigia.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.app.CliRun;
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
    void pullOfAnUnknownModelAndImportOfNothingAreOneLine() throws Exception {
        assertTrue(CliRun.inChild("models", "pull", "nope").isOneLineUserError());
        assertTrue(CliRun.inChild("models", "import", "/no/such/model.json").isOneLineUserError());
        assertTrue(CliRun.inChild("models", "info", "nope").isOneLineUserError());
    }

    @Test
    void withoutNpmAnUncachedModelIsOneLineThatSaysHowToImport(@TempDir Path home) throws Exception {
        String savedHome = System.getProperty(VigiaHome.PROPERTY);
        System.setProperty(VigiaHome.PROPERTY, home.toString());
        System.setProperty("vigia.npm", "/nonexistent/npm");
        try {
            CliRun run = CliRun.inChild("models", "pull", "nanodet");
            assertTrue(run.isOneLineUserError(), run.err());
            assertTrue(run.err().contains("vigia models import PATH"), run.err());
        } finally {
            System.setProperty(VigiaHome.PROPERTY, savedHome);
            System.clearProperty("vigia.npm");
        }
    }

    @Test
    void aDamagedEntryIsListedAndRemovedAndIdsCannotLeaveTheCache(@TempDir Path home) throws Exception {
        String savedHome = System.getProperty(VigiaHome.PROPERTY);
        System.setProperty(VigiaHome.PROPERTY, home.toString());
        try {
            java.nio.file.Files.createDirectories(home.resolve("models").resolve("broken"));
            java.nio.file.Files.writeString(home.resolve("models").resolve("broken").resolve("manifest.json"), "{ not json");
            CliRun list = CliRun.of("models", "list");
            assertEquals(0, list.exitCode(), list.err());
            assertTrue(list.out().contains("nanodet"), "the catalog is still listed: " + list.out());
            assertTrue(java.util.regex.Pattern.compile("(?m)^broken .*damaged").matcher(list.out()).find(), list.out());
            CliRun remove = CliRun.of("models", "remove", "broken");
            assertEquals(0, remove.exitCode(), remove.err());
            assertTrue(!java.nio.file.Files.exists(home.resolve("models").resolve("broken")));
            java.nio.file.Files.createDirectories(home.resolve("x"));
            CliRun escape = CliRun.inChild("models", "remove", "./../x");
            assertTrue(escape.isOneLineUserError(), escape.err());
            assertTrue(java.nio.file.Files.isDirectory(home.resolve("x")));
        } finally {
            System.setProperty(VigiaHome.PROPERTY, savedHome);
        }
    }
}
