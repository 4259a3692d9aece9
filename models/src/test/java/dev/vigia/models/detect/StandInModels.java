package dev.vigia.models.detect;

import dev.vigia.models.darknet.DarknetCfg;
import dev.vigia.models.darknet.SeededDarknetWeights;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Models for the two families no weights can be fetched for here, imported into a store the way
 * a user imports them: yolov3-tiny from Debian's cfg with seeded weights ({@code PREFIX-yolov3-tiny})
 * and a Mask R-CNN-signature export ({@code PREFIX-mask-rcnn}, family faster-rcnn).
 */
public final class StandInModels {

    private StandInModels() {}

    public static void importInto(ModelStore store, Path workDir, String prefix) throws Exception {
        Path cfg = Files.copy(SampleMedia.standard().file("yolov3-tiny.cfg"), workDir.resolve("yolov3-tiny.cfg"));
        SeededDarknetWeights.write(DarknetCfg.read(cfg), workDir.resolve("yolov3-tiny.weights"), 5, 0);
        store.importModel(cfg, prefix + "-yolov3-tiny", null);
        store.importModel(ObjectDetectionExports.build(workDir, true, true), prefix + "-mask-rcnn", "faster-rcnn");
    }
}
