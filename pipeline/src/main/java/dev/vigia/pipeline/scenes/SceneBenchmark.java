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
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes a benchmark: one folder per sequence in MOTChallenge's layout ({@code seqinfo.ini},
 * {@code gt/gt.txt}) with the video beside it ({@code video.mp4}) and the expected counts
 * ({@code counts.json}); {@code benchmark.json} and the plate ({@code plate.png}) at the top.
 */
public final class SceneBenchmark {

    /** What was written for one sequence. */
    public record Sequence(String name, Path folder, int frames, int identities, int rows, double meanVisibility) {}

    private final ActorHarvest.Harvest harvest;
    private final int[] occluder;

    /** @param occluder x, y, width, height of the plate's piece in front of the actors in the harder sequences, or null */
    public SceneBenchmark(ActorHarvest.Harvest harvest, int[] occluder) {
        this.harvest = harvest;
        this.occluder = occluder;
    }

    public List<Sequence> make(Path out, long seed, int sequences, int framesPerSequence) {
        List<Sequence> written = new ArrayList<>();
        Mat plate = harvest.plate();
        ScriptWriter writer = new ScriptWriter(harvest.actors(), harvest.perspective(), plate.cols(), plate.rows(), harvest.fps(),
                occluder);
        try {
            Files.createDirectories(out);
            imwrite(out.resolve("plate.png").toString(), plate);
            for (int i = 0; i < sequences; i++) {
                ScriptWriter.Difficulty difficulty = ScriptWriter.LADDER.get(i % ScriptWriter.LADDER.size());
                SceneScript script = writer.write(seed, i, difficulty, framesPerSequence);
                written.add(writeSequence(out.resolve(script.name()), script, seed * 31 + i));
            }
            writeSummary(out, seed, written);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the benchmark under " + out + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** One sequence: renders every frame, encodes it, and writes its ground truth and expected counts. */
    public Sequence writeSequence(Path folder, SceneScript script, long noiseSeed) throws IOException {
        return write(folder, script, noiseSeed).sequence();
    }

    /** What {@link #write} wrote, with the ground truth's rows in frame order. */
    record Written(Sequence sequence, List<GroundTruthRow> rows) {}

    Written write(Path folder, SceneScript script, long noiseSeed) throws IOException {
        Files.createDirectories(folder.resolve("gt"));
        SceneRenderer renderer = new SceneRenderer(script, harvest.actors(), harvest.perspective(), harvest.plate(), noiseSeed);
        List<GroundTruthRow> rows = new ArrayList<>();
        try (SceneVideo video = new SceneVideo(folder.resolve("video.mp4"), script.width(), script.height(), script.fps(),
                script.crf()); Mat frame = new Mat()) {
            for (int f = 0; f < script.frames(); f++) {
                rows.addAll(renderer.render(f, frame));
                video.write(frame);
            }
        }
        StringBuilder gt = new StringBuilder();
        double visibility = 0;
        for (GroundTruthRow row : rows) {
            gt.append(row.toMotLine()).append('\n');
            visibility += row.visibility();
        }
        Files.writeString(folder.resolve("gt/gt.txt"), gt, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("seqinfo.ini"), String.format(Locale.ROOT,
                "[Sequence]\nname=%s\nvideo=video.mp4\nframeRate=%s\nseqLength=%d\nimWidth=%d\nimHeight=%d\n", script.name(),
                trim(script.fps()), script.frames(), script.width(), script.height()), StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode counts = ExpectedCounts.of(script, rows);
        Files.writeString(folder.resolve("counts.json"), json.writeValueAsString(counts) + "\n", StandardCharsets.UTF_8);
        int identities = (int) script.appearances().stream().mapToInt(Appearance::identity).distinct().count();
        return new Written(new Sequence(script.name(), folder, script.frames(), identities, rows.size(),
                rows.isEmpty() ? 0 : visibility / rows.size()), rows);
    }

    private void writeSummary(Path out, long seed, List<Sequence> written) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode summary = json.createObjectNode();
        summary.put("seed", seed);
        summary.put("source", harvest.sourceName());
        summary.put("actors", harvest.actors().size());
        Perspective p = harvest.perspective();
        summary.putObject("perspective").put("slope", round(p.slope())).put("intercept", round(p.intercept()))
                .put("farthest_foot_y", round(p.farthestFootY())).put("nearest_foot_y", round(p.nearestFootY()));
        var list = summary.putArray("sequences");
        for (Sequence s : written) {
            list.addObject().put("name", s.name()).put("frames", s.frames()).put("identities", s.identities())
                    .put("gt_rows", s.rows()).put("mean_visibility", round(s.meanVisibility()));
        }
        Files.writeString(out.resolve("benchmark.json"), json.writeValueAsString(summary) + "\n", StandardCharsets.UTF_8);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String trim(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    }
}
