package dev.vigia.generator.captions;

import dev.vigia.generator.CaptionedCrops;
import dev.vigia.pipeline.FrameListener;
import dev.vigia.pipeline.FrameResult;
import dev.vigia.pipeline.track.Tracks;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Collects captioned crops of tracked people while the engine runs: every {@code every}-th frame
 * a track is seen, its box as a square crop, captioned with its colours and its motion over the
 * last second of its track.
 */
public final class TrackCropCollector implements FrameListener {

    private record Seen(double seconds, float cx, float cy, float height) {}

    private final CaptionedCrops.Writer writer;
    private final IntPredicate person;
    private final int every;
    private final int minHeight;
    private final Map<String, Deque<Seen>> history = new HashMap<>();
    private final Map<String, Integer> sightings = new HashMap<>();

    public TrackCropCollector(CaptionedCrops.Writer writer, IntPredicate person, int every, int minHeight) {
        this.writer = writer;
        this.person = person;
        this.every = every;
        this.minHeight = minHeight;
    }

    @Override
    public void onFrame(FrameResult frame) throws IOException {
        Tracks tracks = frame.tracks();
        double seconds = frame.timestampMicros() / 1e6;
        Mat image = null;
        try {
            for (int i = 0; i < tracks.size(); i++) {
                if (!person.test(tracks.classId(i))) {
                    continue;
                }
                String key = frame.source() + "/" + tracks.id(i);
                float height = tracks.y2(i) - tracks.y1(i);
                Seen now = new Seen(seconds, (tracks.x1(i) + tracks.x2(i)) / 2, (tracks.y1(i) + tracks.y2(i)) / 2, height);
                Deque<Seen> past = history.computeIfAbsent(key, k -> new ArrayDeque<>());
                past.addLast(now);
                while (past.size() > 2 && seconds - past.peekFirst().seconds() > 1.0) {
                    past.removeFirst();
                }
                int seen = sightings.merge(key, 1, Integer::sum);
                Seen first = past.peekFirst();
                if (seen % every != 0 || height < minHeight || now.seconds() - first.seconds() < 0.5) {
                    continue;
                }
                if (image == null) {
                    image = frame.copyImage(new Mat());
                }
                Mat crop = SquareCrops.around(image, tracks.x1(i), tracks.y1(i), tracks.x2(i), tracks.y2(i));
                if (crop == null) {
                    continue;
                }
                try (crop; Mat box = SquareCrops.box(image, tracks.x1(i), tracks.y1(i), tracks.x2(i), tracks.y2(i))) {
                    double span = now.seconds() - first.seconds();
                    // Colours from the box itself, not from the frame around it.
                    Map<String, String> attributes = CropCaptions.attributes(box, (now.cx() - first.cx()) / span,
                            (now.cy() - first.cy()) / span, height);
                    writer.add(SquareCrops.image(crop), CropCaptions.caption(attributes), attributes);
                }
            }
        } finally {
            if (image != null) {
                image.close();
            }
        }
    }

    public int count() {
        return writer.count();
    }
}
