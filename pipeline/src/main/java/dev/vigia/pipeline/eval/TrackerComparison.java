package dev.vigia.pipeline.eval;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.track.FrameInfo;
import dev.vigia.pipeline.track.Tracker;
import dev.vigia.pipeline.track.Tracks;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Several trackers over one video on the same detections and the same images: each frame is
 * decoded and detected once, then every tracker updates on it, timed on its own. What a
 * comparison of trackers needs (ReID on against off, say) without a detector run per tracker.
 */
public final class TrackerComparison {

    /** A tracker under a label that names its result folder. */
    public record Entry(String label, Tracker tracker) {}

    /** One tracker's run: its MOTChallenge result file, its mean update time per frame, and the detector's (shared by all). */
    public record Result(String label, Path file, int frames, double updateMillisPerFrame, double detectMillisPerFrame) {}

    private TrackerComparison() {}

    /**
     * Tracks {@code video} (at most {@code maxFrames} frames, 0: all) with every entry; writes
     * {@code outDir/LABEL/SEQUENCE.txt} for each (frame,id,x,y,w,h,score,-1,-1,-1).
     */
    public static List<Result> run(Path video, String sequence, Detector detector, List<Entry> entries, Path outDir, int maxFrames) {
        if (!Files.isRegularFile(video)) {
            throw new UserError("Video " + video + " does not exist");
        }
        List<BufferedWriter> writers = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        long[] nanos = new long[entries.size()];
        long detectNanos = 0;
        int frames = 0;
        try (Source source = FfmpegSource.openFile(video.toString()); Mat image = new Mat()) {
            for (Entry entry : entries) {
                Path file = outDir.resolve(entry.label()).resolve(sequence + ".txt");
                Files.createDirectories(file.getParent());
                files.add(file);
                writers.add(Files.newBufferedWriter(file));
                entry.tracker().reset();
            }
            double fps = source.info().fps();
            Detections detections = new Detections();
            Tracks tracks = new Tracks();
            while ((maxFrames <= 0 || frames < maxFrames) && source.read(image) == Source.Status.FRAME) {
                long detectStart = System.nanoTime();
                detector.detect(image, detections);
                detectNanos += System.nanoTime() - detectStart;
                FrameInfo frame = new FrameInfo(frames, Math.round(frames * 1e6 / fps), fps, image.cols(), image.rows(), image);
                for (int e = 0; e < entries.size(); e++) {
                    long start = System.nanoTime();
                    entries.get(e).tracker().update(detections, frame, tracks);
                    nanos[e] += System.nanoTime() - start;
                    write(writers.get(e), frames + 1, tracks);
                }
                frames++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (BufferedWriter writer : writers) {
                try {
                    writer.close();
                } catch (IOException ignored) {
                    // The file is incomplete either way; the first error is what is reported.
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            results.add(new Result(entries.get(e).label(), files.get(e), frames, frames == 0 ? 0 : nanos[e] / 1e6 / frames,
                    frames == 0 ? 0 : detectNanos / 1e6 / frames));
        }
        return results;
    }

    private static void write(BufferedWriter out, int frame, Tracks tracks) throws IOException {
        for (int i = 0; i < tracks.size(); i++) {
            out.write(String.format(Locale.ROOT, "%d,%d,%.3f,%.3f,%.3f,%.3f,%.4f,-1,-1,-1%n", frame, tracks.id(i), tracks.x1(i),
                    tracks.y1(i), tracks.x2(i) - tracks.x1(i), tracks.y2(i) - tracks.y1(i), tracks.score(i)));
        }
    }
}
