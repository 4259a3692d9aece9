package dev.vigia.pipeline.scenes;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.segment.PersonSegmenter;
import dev.vigia.pipeline.track.FrameInfo;
import dev.vigia.pipeline.track.Tracker;
import dev.vigia.pipeline.track.Tracks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the people of a real video out as actors. Two passes over the video: the first detects and
 * tracks the people and samples frames for the background plate; the second crops each chosen
 * walk and segments the person in every crop.
 *
 * <p>A walk is chosen only where its person is alone: every frame of it detected (not predicted),
 * the box inside the picture, tall enough to segment, and no other person's box touching the padded
 * crop, so no one else's legs end up in the actor's mask.
 */
public final class ActorHarvest {

    private static final Logger LOG = LoggerFactory.getLogger(ActorHarvest.class);
    /** Crop margin around the tracked box, as a fraction of its width and height: the segmenter sees some ground. */
    static final double MARGIN = 0.12;
    static final int PLATE_FRAMES = 60;
    static final int SMOOTHING = 5;
    /** The largest source picture: the plate's median holds {@link #PLATE_FRAMES} frames in memory at once. */
    static final long MAX_PIXELS = 1920L * 1080;

    /** How much to read and what to keep. */
    public record Options(int maxSourceFrames, int minClipFrames, int maxClipFrames, int maxActors, int minHeight) {
        public static Options defaults() {
            return new Options(Integer.MAX_VALUE, 24, 160, 40, 56);
        }
    }

    /** The actors, the scene they came from (its plate and perspective) and the source's frame rate. */
    public record Harvest(List<ActorClip> actors, Mat plate, Perspective perspective, double fps, String sourceName,
            int sourceFrames, int sourcePeopleBoxes) {}

    private record Box(float x1, float y1, float x2, float y2) {
        boolean touches(double ax1, double ay1, double ax2, double ay2) {
            return x1 < ax2 && x2 > ax1 && y1 < ay2 && y2 > ay1;
        }
    }

    private ActorHarvest() {}

    public static Harvest harvest(Path video, Detector detector, Supplier<Tracker> trackers, PersonSegmenter segmenter,
            Options options) {
        Map<Integer, TreeMap<Integer, Box>> tracked = new HashMap<>();
        List<List<Box>> people = new ArrayList<>();
        List<Mat> sampled = new ArrayList<>();
        int width;
        int height;
        double fps;
        int frames;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            fps = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25;
            int total = Math.min(options.maxSourceFrames(), Math.max(1, grabber.getLengthInVideoFrames()));
            int sampleEvery = Math.max(1, total / PLATE_FRAMES);
            Tracker tracker = trackers.get();
            Detections detections = new Detections();
            Tracks tracks = new Tracks();
            int index = 0;
            width = grabber.getImageWidth();
            height = grabber.getImageHeight();
            if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
                throw new IllegalArgumentException("a picture of " + width + "x" + height + " is outside what a plate is made from"
                        + " (1 to 1920x1080 pixels); give a smaller video");
            }
            for (Frame frame; index < options.maxSourceFrames() && (frame = grabber.grabImage()) != null; index++) {
                Mat image = converter.convert(frame);
                if (index % sampleEvery == 0) {
                    sampled.add(image.clone());
                }
                detector.detect(image, detections);
                keepPeople(detections);
                List<Box> boxes = new ArrayList<>();
                for (int i = 0; i < detections.size(); i++) {
                    boxes.add(new Box(detections.x1(i), detections.y1(i), detections.x2(i), detections.y2(i)));
                }
                people.add(boxes);
                tracker.update(detections, new FrameInfo(index, Math.round(index * 1e6 / fps), fps, width, height), tracks);
                for (int t = 0; t < tracks.size(); t++) {
                    if (tracks.detection(t) >= 0) {
                        tracked.computeIfAbsent(tracks.id(t), id -> new TreeMap<>()).put(index,
                                new Box(tracks.x1(t), tracks.y1(t), tracks.x2(t), tracks.y2(t)));
                    }
                }
            }
            frames = index;
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw new java.io.UncheckedIOException("Cannot read " + video + ": " + e.getMessage(), new java.io.IOException(e));
        }
        Mat plate = BackgroundPlate.median(sampled);
        sampled.forEach(Mat::close);
        List<Walk> walks = chooseWalks(tracked, people, width, height, options);
        LOG.info("{}: {} frames, {} tracks, {} clean walks", video.getFileName(), frames, tracked.size(), walks.size());
        List<ActorClip> actors = cutOut(video, walks, segmenter, fps);
        double[] footYs = new double[walks.stream().mapToInt(w -> w.boxes.size()).sum()];
        double[] heights = new double[footYs.length];
        int n = 0;
        for (Walk walk : walks) {
            for (Box box : walk.boxes) {
                footYs[n] = box.y2;
                heights[n++] = box.y2 - box.y1;
            }
        }
        int peopleBoxes = people.stream().mapToInt(List::size).sum();
        return new Harvest(actors, plate, Perspective.fit(footYs, heights, n), fps, video.getFileName().toString(), frames,
                peopleBoxes);
    }

    private static void keepPeople(Detections detections) {
        int[] keep = new int[detections.size()];
        int kept = 0;
        for (int i = 0; i < detections.size(); i++) {
            if ("person".equals(detections.labels().name(detections.classId(i)))) {
                keep[kept++] = i;
            }
        }
        detections.retain(keep, kept);
    }

    /** A run of frames of one track, its boxes smoothed over {@link #SMOOTHING} frames. */
    private record Walk(int track, int firstFrame, List<Box> boxes) {}

    private static List<Walk> chooseWalks(Map<Integer, TreeMap<Integer, Box>> tracked, List<List<Box>> people, int width,
            int height, Options options) {
        List<Walk> walks = new ArrayList<>();
        for (var track : new TreeMap<>(tracked).entrySet()) {
            int bestStart = -1;
            int bestLength = 0;
            int start = -1;
            int previous = -2;
            for (var entry : track.getValue().entrySet()) {
                int frame = entry.getKey();
                boolean clean = alone(entry.getValue(), people.get(frame), width, height, options.minHeight());
                if (clean && (start < 0 || frame != previous + 1)) {
                    start = frame;
                }
                if (!clean) {
                    start = -1;
                } else if (frame - start + 1 > bestLength) {
                    bestStart = start;
                    bestLength = frame - start + 1;
                }
                previous = frame;
            }
            if (bestLength >= options.minClipFrames()) {
                int length = Math.min(bestLength, options.maxClipFrames());
                List<Box> raw = new ArrayList<>();
                for (int f = bestStart; f < bestStart + length; f++) {
                    raw.add(track.getValue().get(f));
                }
                walks.add(new Walk(track.getKey(), bestStart, smooth(raw)));
            }
        }
        walks.sort((a, b) -> Integer.compare(b.boxes.size(), a.boxes.size()));
        return new ArrayList<>(walks.subList(0, Math.min(walks.size(), options.maxActors())));
    }

    private static boolean alone(Box box, List<Box> others, int width, int height, int minHeight) {
        double w = box.x2 - box.x1;
        double h = box.y2 - box.y1;
        double x1 = box.x1 - w * MARGIN;
        double y1 = box.y1 - h * MARGIN;
        double x2 = box.x2 + w * MARGIN;
        double y2 = box.y2 + h * MARGIN;
        if (h < minHeight || x1 < 0 || y1 < 0 || x2 > width || y2 > height) {
            return false;
        }
        int touching = 0;
        for (Box other : others) {
            if (other.touches(x1, y1, x2, y2)) {
                touching++;
            }
        }
        // Its own detection touches it; anyone else spoils the crop.
        return touching <= 1;
    }

    private static List<Box> smooth(List<Box> boxes) {
        List<Box> smoothed = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            int from = Math.max(0, i - SMOOTHING / 2);
            int to = Math.min(boxes.size() - 1, i + SMOOTHING / 2);
            float x1 = 0;
            float y1 = 0;
            float x2 = 0;
            float y2 = 0;
            for (int j = from; j <= to; j++) {
                x1 += boxes.get(j).x1;
                y1 += boxes.get(j).y1;
                x2 += boxes.get(j).x2;
                y2 += boxes.get(j).y2;
            }
            int n = to - from + 1;
            smoothed.add(new Box(x1 / n, y1 / n, x2 / n, y2 / n));
        }
        return smoothed;
    }

    private static List<ActorClip> cutOut(Path video, List<Walk> walks, PersonSegmenter segmenter, double fps) {
        Map<Integer, List<Walk>> startingAt = new HashMap<>();
        int last = -1;
        for (Walk walk : walks) {
            for (int f = walk.firstFrame; f < walk.firstFrame + walk.boxes.size(); f++) {
                startingAt.computeIfAbsent(f, k -> new ArrayList<>()).add(walk);
                last = Math.max(last, f);
            }
        }
        Map<Walk, List<Mat>> crops = new HashMap<>();
        Map<Walk, List<Mat>> alphas = new HashMap<>();
        Map<Walk, float[][]> feet = new HashMap<>();
        for (Walk walk : walks) {
            crops.put(walk, new ArrayList<>());
            alphas.put(walk, new ArrayList<>());
            feet.put(walk, new float[2][walk.boxes.size()]);
        }
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            int index = 0;
            for (Frame frame; index <= last && (frame = grabber.grabImage()) != null; index++) {
                List<Walk> here = startingAt.get(index);
                if (here == null) {
                    continue;
                }
                Mat image = converter.convert(frame);
                for (Walk walk : here) {
                    int k = index - walk.firstFrame;
                    Box box = walk.boxes.get(k);
                    double w = box.x2 - box.x1;
                    double h = box.y2 - box.y1;
                    int x1 = (int) Math.max(0, Math.floor(box.x1 - w * MARGIN));
                    int y1 = (int) Math.max(0, Math.floor(box.y1 - h * MARGIN));
                    int x2 = (int) Math.min(image.cols(), Math.ceil(box.x2 + w * MARGIN));
                    int y2 = (int) Math.min(image.rows(), Math.ceil(box.y2 + h * MARGIN));
                    try (Rect rect = new Rect(x1, y1, x2 - x1, y2 - y1); Mat view = image.apply(rect)) {
                        Mat crop = view.clone();
                        crops.get(walk).add(crop);
                        alphas.get(walk).add(alphaOf(segmenter, crop));
                    }
                    feet.get(walk)[0][k] = (float) ((box.x1 + box.x2) / 2 - x1);
                    feet.get(walk)[1][k] = box.y2 - y1;
                }
            }
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw new java.io.UncheckedIOException("Cannot read " + video + ": " + e.getMessage(), new java.io.IOException(e));
        }
        List<ActorClip> actors = new ArrayList<>();
        for (Walk walk : walks) {
            List<Mat> walkCrops = crops.get(walk);
            if (walkCrops.size() != walk.boxes.size() || !cleanMasks(alphas.get(walk), walk)) {
                walkCrops.forEach(Mat::close);
                alphas.get(walk).forEach(Mat::close);
                continue;
            }
            double[] boxHeights = walk.boxes.stream().mapToDouble(b -> b.y2 - b.y1).sorted().toArray();
            float referenceHeight = (float) boxHeights[boxHeights.length / 2];
            Box first = walk.boxes.get(0);
            Box lastBox = walk.boxes.get(walk.boxes.size() - 1);
            double distance = 0;
            for (int i = 1; i < walk.boxes.size(); i++) {
                Box a = walk.boxes.get(i - 1);
                Box b = walk.boxes.get(i);
                distance += Math.hypot((b.x1 + b.x2 - a.x1 - a.x2) / 2, b.y2 - a.y2);
            }
            double seconds = (walk.boxes.size() - 1) / fps;
            double dx = (lastBox.x1 + lastBox.x2 - first.x1 - first.x2) / 2;
            actors.add(new ActorClip(walk.track, walkCrops, alphas.get(walk), feet.get(walk)[0], feet.get(walk)[1],
                    referenceHeight, distance / seconds / referenceHeight, dx >= 0));
        }
        return actors;
    }

    /** The segmenter's probabilities as an 8-bit alpha, soft over the uncertain middle band. */
    private static Mat alphaOf(PersonSegmenter segmenter, Mat crop) {
        try (Mat probability = segmenter.segment(crop)) {
            Mat alpha = new Mat();
            // 0.25 -> 0, 0.75 -> 255: the edge stays soft, the low haze around a person goes.
            probability.convertTo(alpha, CV_8U, 510, -127.5);
            return alpha;
        }
    }

    /** Whether the masks look like one whole person: most frames cover a believable share of the box. */
    private static boolean cleanMasks(List<Mat> alphas, Walk walk) {
        int good = 0;
        for (int i = 0; i < alphas.size(); i++) {
            Mat alpha = alphas.get(i);
            Box box = walk.boxes.get(i);
            double boxArea = (box.x2 - box.x1) * (box.y2 - box.y1);
            double covered = 0;
            try (Mat mask = new Mat()) {
                threshold(alpha, mask, ActorMask.OPAQUE - 1, 255, THRESH_BINARY);
                covered = countNonZero(mask);
            }
            double share = covered / boxArea;
            if (share > 0.25 && share < 0.95) {
                good++;
            }
        }
        return good >= alphas.size() * 0.9;
    }
}
