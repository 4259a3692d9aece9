package dev.vigia.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.models.nms.GreedyNms;
import dev.vigia.models.nms.SoftNms;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed run configuration: one validate, and the suppression its nms and iou choose. */
class RunConfigTest {

    private static RunConfig withSources(SourceSpec... sources) {
        RunConfig valid = RunSettings.ofSource("a.mp4").resolve();
        return new RunConfig(List.of(sources), valid.detector(), valid.tracker(), valid.out(), valid.show(), valid.realtime(),
                valid.maxFrames(), valid.duration(), valid.statsJson(), valid.score(), valid.nms(), valid.iou(), valid.device(),
                valid.detectWorkers(), valid.batch(), valid.inferenceThreads(), valid.precision(), valid.ringSize(),
                valid.connectTimeout(), valid.maxRetries(), valid.overwrite(), valid.masks(), valid.segmenter());
    }

    @Test
    void sourcesOfOneNameOrOfOneFileNameAreRefusedByValidateAndByConfigure() {
        RunConfig same = withSources(SourceSpec.of("door", "a.mp4"), SourceSpec.of("door", "b.mp4"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, same::validate);
        assertEquals("Two sources are named 'door'; give each a name of its own", e.getMessage());
        assertEquals(Setting.SOURCE, e.key());
        assertThrows(InvalidSettingException.class, () -> Vigia.engine().configure(same), "nothing is set or opened");
        RunConfig sameFiles = withSources(SourceSpec.of("cam 1", "a.mp4"), SourceSpec.of("cam_1", "b.mp4"));
        assertTrue(assertThrows(InvalidSettingException.class, sameFiles::validate).getMessage().contains("would write the same files"));
        withSources(SourceSpec.of("door", "a.mp4"), SourceSpec.of("lobby", "a.mp4")).validate();
    }

    @Test
    void nmsAndIouChooseTheOneSuppressionAndNeitherLeavesTheModelsOwn() {
        assertFalse(RunSettings.ofSource("a.mp4").resolve().suppressor().isPresent());
        RunSettings iouAlone = new RunSettings("a.mp4", null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, 0.5f, null, null, null, null, null, null, null, null, null, null, null);
        assertInstanceOf(GreedyNms.class, iouAlone.resolve().suppressor().orElseThrow(), "iou alone: greedy NMS at it");
        RunSettings soft = new RunSettings("a.mp4", null, null, null, null, null, null, null, null, null, null, null, null, null,
                "soft", null, null, null, null, null, null, null, null, null, null, null, null);
        assertInstanceOf(SoftNms.class, soft.resolve().suppressor().orElseThrow());
        RunSettings unknown = new RunSettings("a.mp4", null, null, null, null, null, null, null, null, null, null, null, null, null,
                "fastest", null, null, null, null, null, null, null, null, null, null, null, null);
        assertTrue(assertThrows(UserError.class, unknown::resolve).getMessage().startsWith("Unknown NMS 'fastest'"));
    }
}
