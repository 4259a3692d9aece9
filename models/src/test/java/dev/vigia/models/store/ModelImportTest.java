package dev.vigia.models.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.catalog.ModelCatalog;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.darknet.DarknetCfg;
import dev.vigia.models.darknet.SeededDarknetWeights;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigia models import} recognising each format from the files alone. */
class ModelImportTest {

    private static final Path DOWNLOADS = VigiaHome.resolve().resolve("downloads");

    @TempDir
    Path root;
    @TempDir
    Path source;

    private ModelStore store() {
        return new ModelStore(root, ModelCatalog.builtIn(), NpmPackageFetcher.standard(DOWNLOADS));
    }

    @Test
    void darknetCfgIsAYoloModelWithTheCfgsSizeAnchorsAndCocoNames() throws Exception {
        Path cfg = darknet("yolov3-tiny.cfg");

        ModelSpec spec = store().importModel(cfg, null, null).spec();

        assertEquals("yolov3-tiny", spec.id());
        assertEquals("yolo", spec.family());
        assertEquals("darknet", spec.format());
        assertEquals(416, spec.input().width());
        assertEquals("coco80", spec.labels());
        assertEquals("[\"yolo_0\",\"yolo_1\"]", spec.head().get("outputs").toString());
        assertEquals("[[81.0,82.0,135.0,169.0,344.0,319.0],[10.0,14.0,23.0,27.0,37.0,58.0]]", spec.head().get("anchors").toString(),
                "mask 3,4,5 on the coarse grid, 0,1,2 on the fine one");
        assertTrue(store().importedFrom(cfg).isPresent(), "--detector PATH finds the model imported from the same file");
        Files.setLastModifiedTime(source.resolve("yolov3-tiny.weights"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertTrue(store().importedFrom(cfg).isEmpty(), "new weights beside the cfg: --detector PATH imports again");
    }

    @Test
    void aLabelsFileOfTheWrongLengthNamesTheFileAndBothCounts() throws Exception {
        Path cfg = darknet("yolov3-tiny.cfg");
        Path voc = Files.writeString(source.resolve("voc.names"), String.join("\n", "a", "b", "c") + "\n");
        UserError error = assertThrows(UserError.class, () -> store().importModel(cfg, null, null, voc.toString()));
        assertTrue(error.getMessage().contains("voc.names") && error.getMessage().contains("3 classes")
                && error.getMessage().contains("predicts 80"), error.getMessage());
    }

    @Test
    void aWeightsManifestIsBuiltAsTheArchitectureItsWeightsDescribe() throws Exception {
        Path tarball = NpmPackageFetcher.standard(DOWNLOADS).fetch("@vladmandic/face-api", "1.7.15");
        Path manifest = TfjsModelFiles.extract(tarball, "model/tiny_face_detector_model-weights_manifest.json", source);

        ModelSpec spec = store().importModel(manifest, "my-faces", null).spec();

        assertEquals("tiny-face-detector", spec.architecture());
        assertEquals("yolo", spec.family());
        assertEquals("face", spec.labels());
    }

    @Test
    void aLayersModelWithALayerVigiaDoesNotConvertNamesIt() throws Exception {
        Path json = Files.writeString(source.resolve("model.json"), """
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "LSTM", "config": {"name": "lstm", "units": 4, "batch_input_shape": [null, 3, 2]}}]}}},
                 "weightsManifest": []}""");
        UserError error = assertThrows(UserError.class, () -> store().importModel(json, "keras", "yolo"));
        assertTrue(error.getMessage().contains("layer 'lstm' is a LSTM") && error.getMessage().contains("model.json"),
                error.getMessage());
    }

    @Test
    void aCfgWithoutItsWeightsSaysWhereTheyShouldBe() throws Exception {
        Path cfg = Files.copy(SampleMedia.standard().file("yolov2-tiny.cfg"), source.resolve("lonely.cfg"));
        UserError error = assertThrows(UserError.class, () -> store().importModel(cfg, null, null));
        assertTrue(error.getMessage().contains("lonely.weights"), error.getMessage());
    }

    private Path darknet(String cfgName) throws Exception {
        Path cfg = Files.copy(SampleMedia.standard().file(cfgName), source.resolve(cfgName));
        SeededDarknetWeights.write(DarknetCfg.read(cfg), source.resolve(cfgName.replace(".cfg", ".weights")), 3, 0);
        return cfg;
    }
}
