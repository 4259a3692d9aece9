package dev.vigia.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The detector-only against full-pipeline protocol, on 10 frames of vtest.avi with the real NanoDet. */
class PipelineBenchmarkTest {

    private static final Path VTEST = SampleMedia.standard().file("vtest.avi");

    @Test
    void twoSourcesRunTheFramesAskedFor() throws Exception {
        PipelineBenchmark benchmark = new PipelineBenchmark(VTEST, "bytetrack", 10, 2, 2, false, 1);
        PipelineBenchmark.Result result;
        try (DetectorModel model = Detectors.load(ModelStore.standard(), "nanodet", DetectorOptions.defaults())) {
            result = benchmark.run(model);
        }
        assertEquals(10, result.frames());
        assertEquals(2, result.perSource().size());
        assertEquals(10, result.perSource().get("bench1").framesOut());
        assertEquals(10, result.perSource().get("bench2").framesOut());
        assertEquals(20, result.stats().framesOut());
        assertTrue(result.detectorFps() > 0 && result.aggregateFps() > 0 && result.ratio() > 0, result.toString());
    }

    @Test
    void settingsOutOfRangeNameTheirSetting() {
        assertEquals("frames", assertThrows(InvalidSettingException.class,
                () -> new PipelineBenchmark(VTEST, "bytetrack", 9, 1, 1, true, 1)).setting());
        assertEquals("sources", assertThrows(InvalidSettingException.class,
                () -> new PipelineBenchmark(VTEST, "bytetrack", 10, 17, 1, true, 1)).setting());
        InvalidSettingException rounds = assertThrows(InvalidSettingException.class,
                () -> new PipelineBenchmark(VTEST, "bytetrack", 10, 1, 1, true, 0));
        assertEquals("rounds", rounds.setting());
        assertEquals("rounds must be 1 to 20, got 0", rounds.getMessage());
    }
}
