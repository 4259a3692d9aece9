package dev.vigia.pipeline.scenes;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a set of quiet cameras: per camera a folder as a benchmark sequence has it (video.mp4,
 * gt/gt.txt, seqinfo.ini, counts.json) plus {@code appearances.json}, when each object comes into
 * the picture; {@code quiet.json} and the plate ({@code plate.png}) at the top. Each camera is the
 * source's empty scene (its temporal median) with the source's noise added back on every frame,
 * holding between episodes of real people as {@link QuietScriptWriter} lays them out.
 */
public final class QuietCameraSet {

    /** What was written for one camera. */
    public record Camera(String name, Path folder, int frames, int appearances, double activeFraction, int crossings, int entries,
            double noiseSigma, int crf, List<Double> lightSwitches) {}

    private final ActorHarvest.Harvest harvest;
    private final int[] occluder;
    private final QuietScriptWriter.Gaps gaps;
    private final double sourceNoiseSigma;

    /**
     * @param occluder boxes of the plate standing in front of people farther away (see {@link SceneScript}), or null
     * @param sourceNoiseSigma the source camera's noise in grey levels ({@link SourceNoise})
     */
    public QuietCameraSet(ActorHarvest.Harvest harvest, int[] occluder, QuietScriptWriter.Gaps gaps, double sourceNoiseSigma) {
        this.harvest = harvest;
        this.occluder = occluder;
        this.gaps = gaps;
        this.sourceNoiseSigma = sourceNoiseSigma;
    }

    public List<Camera> make(Path out, long seed, int cameras, int framesPerCamera) {
        Path plate = out.resolve("plate.png");
        QuietScriptWriter writer = new QuietScriptWriter(harvest.actors(), harvest.perspective(), harvest.plate().cols(),
                harvest.plate().rows(), harvest.fps(), occluder, gaps, sourceNoiseSigma);
        SceneBenchmark renderer = new SceneBenchmark(harvest, occluder);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Camera> written = new ArrayList<>();
        try {
            Files.createDirectories(out);
            imwrite(plate.toString(), harvest.plate());
            for (int i = 0; i < cameras; i++) {
                SceneScript script = writer.write(seed, i, framesPerCamera);
                Path folder = out.resolve(script.name());
                SceneBenchmark.Written camera = renderer.write(folder, script, seed * 131 + i);
                List<FirstAppearances.Appearance> appearances = FirstAppearances.of(camera.rows());
                Files.writeString(folder.resolve("appearances.json"),
                        json.writeValueAsString(FirstAppearances.toJson(appearances, script.fps())) + "\n", StandardCharsets.UTF_8);
                ObjectNode counts = (ObjectNode) json.readTree(folder.resolve("counts.json").toFile());
                long activeFrames = camera.rows().stream().mapToInt(GroundTruthRow::frame).distinct().count();
                written.add(new Camera(script.name(), folder, script.frames(), appearances.size(),
                        activeFrames / (double) script.frames(),
                        counts.at("/lines/" + ExpectedCounts.LINE_NAME + "/crossings").size(),
                        counts.at("/zones/" + ExpectedCounts.ZONE_NAME + "/entries").size(), script.noiseSigma(), script.crf(),
                        lightSwitches(script)));
            }
            ObjectNode summary = json.createObjectNode();
            summary.put("seed", seed);
            summary.put("source", harvest.sourceName());
            summary.put("actors", harvest.actors().size());
            summary.put("source_noise_sigma", Math.round(sourceNoiseSigma * 100) / 100.0);
            summary.put("fps", harvest.fps());
            summary.putArray("quiet_seconds").add(gaps.min()).add(gaps.max());
            var list = summary.putArray("cameras");
            for (Camera c : written) {
                list.addObject().put("name", c.name()).put("frames", c.frames()).put("appearances", c.appearances())
                        .put("active_fraction", Math.round(c.activeFraction() * 1000) / 1000.0).put("crossings", c.crossings())
                        .put("zone_entries", c.entries()).put("noise_sigma", c.noiseSigma()).put("crf", c.crf())
                        .putPOJO("light_switches", c.lightSwitches());
            }
            Files.writeString(out.resolve("quiet.json"), json.writeValueAsString(summary) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the quiet cameras under " + out + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** When the light steps, in seconds: key times that repeat with another gain (a ramp has distinct times). */
    private static List<Double> lightSwitches(SceneScript script) {
        List<Double> steps = new ArrayList<>();
        for (int i = 1; i < script.gainTimes().length; i++) {
            if (script.gainTimes()[i] == script.gainTimes()[i - 1] && script.gains()[i] != script.gains()[i - 1]) {
                steps.add(Math.round(script.gainTimes()[i] * 100) / 100.0);
            }
        }
        return steps;
    }
}
