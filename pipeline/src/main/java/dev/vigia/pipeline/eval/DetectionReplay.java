package dev.vigia.pipeline.eval;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.pipeline.track.FrameInfo;
import dev.vigia.pipeline.track.Tracker;
import dev.vigia.pipeline.track.Tracks;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tracking without video: a MOTChallenge detection file in, a MOTChallenge result file out — the
 * standard way to compare trackers on the same detections.
 */
public final class DetectionReplay {

    private DetectionReplay() {}

    /**
     * Runs {@code tracker} over every frame from 1 to the last frame of {@code detections} and
     * writes {@code frame,id,x,y,w,h,score,-1,-1,-1} lines.
     *
     * @return the number of result lines written
     */
    public static int run(Path detections, Tracker tracker, double fps, Path results) {
        List<MotFile.Row> tracks = track(MotFile.read(detections), tracker, fps);
        try (BufferedWriter out = Files.newBufferedWriter(results)) {
            for (MotFile.Row r : tracks) {
                out.write(String.format(Locale.ROOT, "%d,%d,%.3f,%.3f,%.3f,%.3f,%.4f,-1,-1,-1%n", r.frame(), r.id(),
                        r.x(), r.y(), r.w(), r.h(), r.confidence()));
            }
        } catch (IOException e) {
            throw new UserError("Cannot write " + results + ": " + e.getMessage());
        }
        return tracks.size();
    }

    /**
     * Runs {@code tracker} over every frame from 1 to the last frame of {@code detections}; the
     * tracks it reports, frame by frame, as result rows. Values are rounded as {@link #run}
     * writes them, so that scoring these rows and scoring the written file give the same numbers.
     */
    public static List<MotFile.Row> track(List<MotFile.Row> detections, Tracker tracker, double fps) {
        if (tracker.needsImages()) {
            throw new UserError(tracker.name() + " with reid=true compares how objects look, and a detection file has no images: "
                    + "track the video itself (--source), or set reid=false");
        }
        int frames = detections.stream().mapToInt(MotFile.Row::frame).max().orElse(0);
        if (frames > SequenceData.MAX_FRAME) {
            throw new UserError("Detections reach frame " + frames + ", beyond the " + SequenceData.MAX_FRAME
                    + " frames a sequence may have; check the frame column");
        }
        List<List<MotFile.Row>> byFrame = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            byFrame.add(new ArrayList<>());
        }
        detections.forEach(r -> byFrame.get(r.frame() - 1).add(r));
        Detections frameDetections = new Detections();
        Tracks tracks = new Tracks();
        List<MotFile.Row> results = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            frameDetections.clear();
            for (MotFile.Row r : byFrame.get(t)) {
                frameDetections.add((float) r.x(), (float) r.y(), (float) (r.x() + r.w()), (float) (r.y() + r.h()),
                        (float) r.confidence(), Math.max(0, r.classId()));
            }
            tracker.update(frameDetections, new FrameInfo(t, Math.round(t * 1e6 / fps), fps, 0, 0), tracks);
            for (int i = 0; i < tracks.size(); i++) {
                results.add(new MotFile.Row(t + 1, tracks.id(i), written(tracks.x1(i), "%.3f"), written(tracks.y1(i), "%.3f"),
                        written(tracks.x2(i) - tracks.x1(i), "%.3f"), written(tracks.y2(i) - tracks.y1(i), "%.3f"),
                        written(tracks.score(i), "%.4f"), -1, 10));
            }
        }
        return results;
    }

    /** The value as a result file holds it: formatted as {@link #run} formats it, and read back. */
    private static double written(float value, String format) {
        return Double.parseDouble(String.format(Locale.ROOT, format, value));
    }
}
