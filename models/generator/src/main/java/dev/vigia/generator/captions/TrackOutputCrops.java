package dev.vigia.generator.captions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.generator.CaptionedCrops;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Captioned crops from what {@code vigia track} left in an output folder: each person track's
 * snapshot ({@code snapshots/BASE/track-ID.jpg}) captioned with its colours and with its motion
 * over its whole life, read from {@code BASE.jsonl}.
 */
public final class TrackOutputCrops {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Life(double firstSeconds, float firstX, float firstY, double lastSeconds, float lastX, float lastY, float height) {}

    private TrackOutputCrops() {}

    /** Adds the folder's person tracks to {@code writer}; returns how many. */
    public static int add(Path folder, CaptionedCrops.Writer writer) throws IOException {
        List<Path> runs;
        try (Stream<Path> files = Files.list(folder)) {
            runs = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidSettingException(Setting.TRACK_OUTPUT, folder.toString(), "Cannot read " + folder + ": " + e.getMessage()
                    + "; give a folder of track output");
        }
        int added = 0;
        for (Path run : runs) {
            String base = run.getFileName().toString().replaceFirst("\\.jsonl$", "");
            Path snapshots = folder.resolve("snapshots").resolve(base);
            for (Map.Entry<Integer, Life> track : lives(run).entrySet()) {
                Path snapshot = snapshots.resolve("track-" + track.getKey() + ".jpg");
                if (!Files.isRegularFile(snapshot)) {
                    continue;
                }
                Life life = track.getValue();
                double span = Math.max(1e-3, life.lastSeconds() - life.firstSeconds());
                try (Mat box = opencv_imgcodecs.imread(snapshot.toString())) {
                    if (box.empty()) {
                        continue;
                    }
                    Map<String, String> attributes = CropCaptions.attributes(box, (life.lastX() - life.firstX()) / span,
                            (life.lastY() - life.firstY()) / span, life.height());
                    try (Mat square = SquareCrops.padded(box)) {
                        writer.add(SquareCrops.image(square), CropCaptions.caption(attributes), attributes);
                    }
                    added++;
                }
            }
        }
        if (runs.isEmpty()) {
            throw new InvalidSettingException(Setting.TRACK_OUTPUT, folder.toString(), folder + " holds no track output (*.jsonl)");
        }
        return added;
    }

    /** Per person track: where it was first and last seen, and its tallest box. */
    private static Map<Integer, Life> lives(Path jsonl) throws IOException {
        Map<Integer, Life> lives = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(jsonl)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode frame = JSON.readTree(line);
                double seconds = frame.path("timestamp_ms").asDouble() / 1000;
                for (JsonNode track : frame.path("tracks")) {
                    if (!track.path("label").asText().equals("person")) {
                        continue;
                    }
                    JsonNode box = track.get("box");
                    float cx = (float) (box.get(0).asDouble() + box.get(2).asDouble()) / 2;
                    float cy = (float) (box.get(1).asDouble() + box.get(3).asDouble()) / 2;
                    float height = (float) (box.get(3).asDouble() - box.get(1).asDouble());
                    lives.merge(track.get("id").asInt(), new Life(seconds, cx, cy, seconds, cx, cy, height),
                            (was, now) -> new Life(was.firstSeconds(), was.firstX(), was.firstY(), now.lastSeconds(), now.lastX(),
                                    now.lastY(), Math.max(was.height(), now.height())));
                }
            }
        }
        return lives;
    }
}
