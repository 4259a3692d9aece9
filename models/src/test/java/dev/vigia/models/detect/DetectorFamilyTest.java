package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import dev.vigia.models.catalog.ModelCatalog;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.convert.ModelFiles;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Family names are parsed once, from the manifest, into the enum that picks the decoder. */
class DetectorFamilyTest {

    @Test
    void theCatalogsDetectorFamiliesAreTheEnumsAndTheOthersAreNot() {
        List<String> catalogFamilies = ModelCatalog.builtIn().families();
        for (String id : List.of("nanodet", "centernet", "yolo", "ssd", "faster-rcnn")) {
            assertEquals(id, DetectorFamily.byId(id).orElseThrow().id());
            assertTrue(catalogFamilies.contains(id), id + " is a catalog family");
        }
        assertEquals(Optional.empty(), DetectorFamily.byId("segmentation"));
        assertEquals(Optional.empty(), DetectorFamily.byId("esrgan"));
        assertEquals(Optional.of(DetectorFamily.FASTER_RCNN), DetectorFamily.byId("faster-rcnn"));
        assertEquals(Optional.of(DetectorFamily.YOLO), DetectorFamily.byId(ModelFiles.DARKNET_FAMILY), "Darknet imports are yolo models");
    }

    @Test
    void aModelOfAnotherFamilyIsRefusedInOneLineNamingTheFamilies() {
        ModelSpec selfie = ModelCatalog.builtIn().all().stream().filter(spec -> spec.family().equals("segmentation"))
                .findFirst().orElseThrow();
        UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, () -> Detectors.requireDetectorFamily(selfie));
        assertEquals("Model '" + selfie.id() + "' is of the segmentation family, not an object detector; choose a model of the families "
                + "nanodet, centernet, yolo, ssd, faster-rcnn", e.getMessage());
    }
}
