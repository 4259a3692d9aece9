package dev.vigia.app.track;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.app.CliRun;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.engine.TensorFlowEngine;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLinePerImageAndAnnotatedCopies(@TempDir Path out) throws Exception {
        Path dog = SampleMedia.standard().file("dog.jpg");
        Path horses = SampleMedia.standard().file("horses.jpg");
        CliRun run = CliRun.of("detect", "--json", "--out", out.toString(), dog.toString(), horses.toString());
        assertEquals(0, run.exitCode(), run.err());

        List<String> lines = run.out().strip().lines().toList();
        assertEquals(2, lines.size(), run.out());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(dog.toString(), first.get("image").asText());
        assertEquals(768, first.get("width").asInt());
        assertEquals(576, first.get("height").asInt());
        List<String> labels = new ArrayList<>();
        for (JsonNode d : first.get("detections")) {
            labels.add(d.get("label").asText());
            assertEquals(4, d.get("box").size());
            assertTrue(d.get("score").asDouble() > 0.3, d.toString());
            assertTrue(d.get("class_id").isInt());
        }
        assertTrue(labels.containsAll(List.of("dog", "bicycle", "truck")), labels.toString());

        Mat annotated = imread(out.resolve("dog.jpg").toString());
        assertEquals(768, annotated.cols());
        assertTrue(Files.size(out.resolve("horses.jpg")) > 0);
    }

    @Test
    void missingImageIsOneLineAndExitTwo() throws Exception {
        CliRun run = CliRun.inChild("detect", "no/such/picture.jpg");
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("no/such/picture.jpg does not exist"), run.err());
    }

    @Test
    void fileThatIsNotAnImageIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.jpg"), "not a picture");
        CliRun run = CliRun.inChild("detect", "--out", dir.resolve("out").toString(), text.toString());
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("is not an image"), run.err());
    }

    @Test
    void unknownModelSegmentationModelAndUnknownOptionAreOneLine() throws Exception {
        CliRun unknown = CliRun.inChild("detect", "--detector", "yolo-nine");
        assertTrue(unknown.isOneLineUserError(), unknown.err());
        assertTrue(unknown.err().contains("known models: nanodet, centernet"), unknown.err());

        CliRun notADetector = CliRun.inChild("detect", "--detector", "selfie");
        assertTrue(notADetector.isOneLineUserError(), notADetector.err());
        assertTrue(notADetector.err().contains("not an object detector"), notADetector.err());

        CliRun option = CliRun.inChild("detect", "--frobnicate");
        assertTrue(option.isOneLineUserError(), option.err());
        assertTrue(option.err().contains("'--frobnicate'"), option.err());

        CliRun score = CliRun.inChild("detect", "--score", "1.5");
        assertTrue(score.isOneLineUserError(), score.err());
    }

    @Test
    void askingForAGpuWhereThereIsNoneIsAUserError() throws Exception {
        Assumptions.assumeTrue(TensorFlowEngine.get().getGpuCount() == 0, "this machine has a GPU");
        CliRun run = CliRun.inChild("detect", "--device", "gpu");
        assertTrue(run.isOneLineUserError(), run.err());
        assertTrue(run.err().contains("no CUDA GPU"), run.err());
    }

    @Test
    void corruptCacheEntryIsRepairedAndTheCommandSucceeds(@TempDir Path out) throws Exception {
        assertEquals(0, CliRun.of("models", "pull", "centernet").exitCode());
        Path graph = VigiaHome.models().resolve("centernet/saved_model/saved_model.pb");
        Files.write(graph, new byte[] {1, 2, 3});
        CliRun run = CliRun.of("detect", "--detector", "centernet", "--json", "--out", out.toString(),
                SampleMedia.standard().file("dog.jpg").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"bicycle\""), run.out());
        assertTrue(Files.size(graph) > 1000, "the graph was pulled again");
    }

    @Test
    void annotatedCopiesNeverReplaceTheInputsOrAnEarlierRunWithoutOverwrite(@TempDir Path dir) throws Exception {
        Path dog = Files.copy(SampleMedia.standard().file("dog.jpg"), dir.resolve("dog.jpg"));
        byte[] original = Files.readAllBytes(dog);
        CliRun intoInputs = CliRun.inChild("detect", "--out", dir.toString(), dog.toString());
        assertTrue(intoInputs.isOneLineUserError(), intoInputs.err());
        assertTrue(intoInputs.err().contains("would write over the input image"), intoInputs.err());
        CliRun evenWithOverwrite = CliRun.inChild("detect", "--out", dir.toString(), "--overwrite", dog.toString());
        assertTrue(evenWithOverwrite.isOneLineUserError(), evenWithOverwrite.err());
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(dog)), "the input image is untouched");

        Path out = dir.resolve("out");
        assertEquals(0, CliRun.of("detect", "--out", out.toString(), dog.toString()).exitCode());
        CliRun again = CliRun.inChild("detect", "--out", out.toString(), dog.toString());
        assertTrue(again.isOneLineUserError() && again.err().contains("--overwrite"), again.err());
        assertEquals(0, CliRun.of("detect", "--out", out.toString(), "--overwrite", dog.toString()).exitCode());
    }
}
