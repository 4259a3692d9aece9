package dev.vigia.app.track;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.app.common.DeviceOption;
import dev.vigia.app.common.Images;
import dev.vigia.app.common.OutputFiles;
import dev.vigia.app.common.PrecisionFlag;
import dev.vigia.app.common.PrecisionOption;
import dev.vigia.app.common.TrustModelOption;
import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.precision.DetectorPrecision;
import dev.vigia.pipeline.render.ImageAnnotator;
import dev.vigia.samples.SampleMedia;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Detect objects in images; write annotated copies to --out.",
                "With no IMAGE, runs on the sample dog.jpg (fetched on first use)."})
public final class DetectCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "Images to read.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--detector", defaultValue = "nanodet", paramLabel = "ID",
            description = "Model id: nanodet or centernet, or an imported detector (default: ${DEFAULT-VALUE}).")
    String detector;

    @Mixin
    TrustModelOption trustModel;

    @Option(names = "--score", defaultValue = "0.3", paramLabel = "S",
            description = "Keep detections scoring above S (default: ${DEFAULT-VALUE}).")
    float score;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR",
            description = "Folder for annotated images (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object per image on stdout.")
    boolean json;

    @Option(names = "--overwrite", description = "Replace annotated images of an earlier run in --out (default: refuse).")
    boolean overwrite;

    @Mixin
    DeviceOption device;

    @Mixin
    PrecisionOption precision;

    @Override
    public Integer call() throws IOException {
        List<Path> inputs = images.isEmpty() ? List.of(SampleMedia.standard().file("dog.jpg")) : images;
        Images.requireReadable(inputs);
        DetectorOptions options = new DetectorOptions(score, device.choice()).withPrecision(precision.asked());
        try (DetectorPrecision.Loaded loaded = DetectorPrecision.load(ModelStore.standard(), trustModel.detector(detector), options);
                Detector model = loaded.model().newDetector(); ImageAnnotator drawing = new ImageAnnotator()) {
            PrecisionDecision decision = loaded.decision();
            List<Path> annotatedFiles = OutputFiles.claim(out, inputs, input -> out.resolve(input.getFileName().toString()), overwrite);
            PrintWriter stdout = spec.commandLine().getOut();
            if (!json && precision.asked() != Precision.FP32) {
                stdout.println("precision " + decision);
            }
            for (int k = 0; k < inputs.size(); k++) {
                Path input = inputs.get(k);
                Mat image = Images.read(input);
                Detections detections = model.detect(image);
                drawing.draw(image, detections);
                Path annotated = annotatedFiles.get(k);
                if (!imwrite(annotated.toString(), image)) {
                    throw new UserError("Cannot write " + annotated + "; check the folder and the file extension");
                }
                stdout.println(json ? toJson(input, image, detections, decision) : summary(input, detections, annotated));
                image.close();
            }
        }
        return 0;
    }

    static String toJson(Path input, Mat image, Detections detections, PrecisionDecision decision) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("image", input.toString());
        PrecisionFlag.put(line, decision);
        line.put("width", image.cols());
        line.put("height", image.rows());
        ArrayNode list = line.putArray("detections");
        for (int i = 0; i < detections.size(); i++) {
            ObjectNode d = list.addObject();
            d.put("label", detections.labels().name(detections.classId(i)));
            d.put("class_id", detections.classId(i));
            d.put("score", round(detections.score(i), 4));
            ArrayNode box = d.putArray("box");
            box.add(round(detections.x1(i), 1)).add(round(detections.y1(i), 1))
                    .add(round(detections.x2(i), 1)).add(round(detections.y2(i), 1));
        }
        return JSON.writeValueAsString(line);
    }

    private static String summary(Path input, Detections detections, Path annotated) {
        StringBuilder text = new StringBuilder(input.getFileName().toString()).append(": ");
        if (detections.size() == 0) {
            text.append("nothing above the score threshold");
        }
        for (int i = 0; i < detections.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(detections.labels().name(detections.classId(i)))
                    .append(String.format(Locale.ROOT, " %.2f", detections.score(i)));
        }
        double ms = (detections.preprocessNanos() + detections.inferenceNanos() + detections.postprocessNanos()) / 1e6;
        return text.append(String.format(Locale.ROOT, " (%.0f ms) -> %s", ms, annotated)).toString();
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
