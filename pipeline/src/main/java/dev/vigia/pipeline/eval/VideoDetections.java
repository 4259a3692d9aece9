package dev.vigia.pipeline.eval;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.detect.Detector;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import dev.vigia.pipeline.source.SourceNames;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video's detections as a MOTChallenge detection file ({@code frame,-1,x,y,w,h,score,class,-1,-1}),
 * so that work repeated on the same detections (tuning a tracker, comparing trackers) runs the
 * detector once.
 */
public final class VideoDetections {

    /** What was written: frames read and the video's frame rate. */
    public record Written(long frames, long detections, double fps) {}

    private static final Logger LOG = LoggerFactory.getLogger(VideoDetections.class);

    private VideoDetections() {}

    /**
     * Eight hex digits that tell one video file (its absolute path, size and modification time)
     * and detection settings ({@code settings}: detector, threshold, classes) from others: a
     * cached detection file named with it is not taken for another video's, such as the
     * {@code video.mp4} of another MOTChallenge sequence, or for a changed file.
     */
    public static String key(Path video, String settings) {
        try {
            String identity = video.toAbsolutePath().normalize() + "\n" + Files.size(video) + "\n"
                    + Files.getLastModifiedTime(video).toMillis() + "\n" + settings;
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (IOException e) {
            throw new UserError("Cannot read " + video + ": " + e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * Where {@link #detectOnce} keeps a video's detections unless told: beside {@code file}, as
     * {@code VIDEO.DETECTOR.KEY.det.txt}, the {@link #key} telling this video file, detector, score
     * threshold and classes from others.
     */
    public static Path cacheBeside(Path file, Path video, String detector, float score, List<String> classes) {
        return file.toAbsolutePath().resolveSibling(SourceNames.fileBase(video.toString()) + "." + SourceNames.fileBase(detector)
                + "." + key(video, detector + " " + score + " " + classes) + ".det.txt");
    }

    /**
     * The detections of {@code video}, of the classes named, as a MOTChallenge detection file:
     * {@code cache} as an earlier run left it, else detected now by the detector {@code open}
     * gives (opened only then) and {@linkplain #write written} there. A class the detector does not
     * name is an invalid {@link Setting#CLASSES}.
     *
     * @param detector what messages call the detector
     */
    public static Path detectOnce(Path video, String detector, Supplier<Detector> open, List<String> classes, Path cache) {
        if (Files.isRegularFile(cache)) {
            LOG.info("Reusing the detections in {} (delete it to detect again)", cache);
            return cache;
        }
        try (Detector model = open.get()) {
            Set<Integer> keep = classIds(model.labels(), classes, detector);
            LOG.info("Detecting {} with {} into {}", video, detector, cache);
            Written written = write(video, model, keep::contains, cache);
            LOG.info("{} frames, {} detections", written.frames(), written.detections());
        }
        return cache;
    }

    /** The ids {@code labels} gives the classes named (blanks around a name ignored); every name it lacks in one error. */
    static Set<Integer> classIds(LabelMap labels, List<String> classes, String detector) {
        Set<Integer> ids = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String wanted : classes) {
            int id = labels.names().indexOf(wanted.strip());
            if (id < 0) {
                unknown.add(wanted);
            } else {
                ids.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            String names = String.join(",", unknown);
            throw new InvalidSettingException(Setting.CLASSES, names, Setting.CLASSES.id() + " " + names + ": not a class of " + detector
                    + "; its classes include " + String.join(", ", labels.names().subList(0, Math.min(8, labels.names().size()))));
        }
        return ids;
    }

    /** The video's declared frame rate (30 when it declares none). */
    public static double fps(Path video) {
        try (Source source = FfmpegSource.openFile(video.toString())) {
            return source.info().fps();
        }
    }

    /**
     * Detects every frame of {@code video} and writes the boxes of the classes {@code keep} accepts
     * to {@code file}, through a temporary file so that an interrupted run leaves no partial file
     * behind to be taken for a finished one.
     */
    public static Written write(Path video, Detector detector, IntPredicate keep, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UserError("Cannot create the folder of " + file + ": " + e);
        }
        long frames = 0;
        long boxes = 0;
        double fps;
        try (Source source = FfmpegSource.openFile(video.toString());
                BufferedWriter out = Files.newBufferedWriter(partial)) {
            fps = source.info().fps();
            Mat frame = new Mat();
            Detections detections = new Detections();
            while (source.read(frame) == Source.Status.FRAME) {
                frames++;
                detector.detect(frame, detections);
                for (int i = 0; i < detections.size(); i++) {
                    if (!keep.test(detections.classId(i))) {
                        continue;
                    }
                    out.write(String.format(Locale.ROOT, "%d,-1,%.2f,%.2f,%.2f,%.2f,%.4f,%d,-1,-1%n", frames,
                            detections.x1(i), detections.y1(i), detections.x2(i) - detections.x1(i),
                            detections.y2(i) - detections.y1(i), detections.score(i), detections.classId(i)));
                    boxes++;
                }
            }
            frame.close();
        } catch (IOException e) {
            throw new UserError("Cannot write the detections " + partial + ": " + e);
        }
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserError("Cannot write the detections " + file + ": " + e);
        }
        return new Written(frames, boxes, fps);
    }
}
