package dev.vigia.pipeline.bench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorModel;
import dev.vigia.models.eval.BoxSet;
import dev.vigia.models.eval.Dataset;
import dev.vigia.models.eval.VocEvaluator;
import dev.vigia.pipeline.motion.MotionBoxes;
import dev.vigia.pipeline.motion.MotionConfig;
import dev.vigia.pipeline.motion.MotionDetector;
import dev.vigia.pipeline.motion.RegionDetection;
import dev.vigia.pipeline.motion.RegionPlan;
import dev.vigia.pipeline.motion.RegionPlanner;
import dev.vigia.pipeline.source.FfmpegSource;
import dev.vigia.pipeline.source.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Small objects, detected whole-frame against by regions: real people from a video (vtest.avi),
 * found at full size by the detector itself, shrunk to a few tens of pixels and pasted at seeded
 * places into a large plate made from the same video's empty street (its temporal median, scaled
 * up). The labels are the pasted rectangles, known exactly. Each scene is shown to a motion
 * detector after the bare plate, as a camera would see people step in; its motion boxes are
 * planned into crops ({@link RegionPlanner}) and detected ({@link RegionDetection}); the same
 * scene is detected whole, the two alternating which goes first. Reported per way: recall at the
 * score threshold and AP (VOC, all points) at IoU 0.5 on the person class, inferences and
 * milliseconds per scene.
 */
public final class SmallObjectBenchmark {

    /** COCO's person. */
    private static final int PERSON = 0;
    /** People the detector finds at full size with this score or more, this tall or more, become the pasted ones. */
    private static final float SOURCE_SCORE = 0.6f;
    private static final int SOURCE_MIN_HEIGHT = 70;

    /**
     * @param width the plate's width, @param height its height, in pixels
     * @param scenes scenes made and detected
     * @param people people pasted into each scene
     * @param minHeight the smallest pasted height, @param maxHeight the largest, in pixels
     * @param seed where and how large the people are pasted
     * @param recallScore detections below this score do not count for recall (AP uses them all)
     * @param motion the motion detector's settings
     */
    public record Settings(int width, int height, int scenes, int people, int minHeight, int maxHeight, long seed, float recallScore,
            MotionConfig motion) {

        public Settings {
            if (width < 64 || width > 7680 || height < 64 || height > 4320) {
                throw new IllegalArgumentException("The plate must be 64x64 to 7680x4320, got " + width + "x" + height);
            }
            if (scenes < 1 || scenes > 1000 || people < 1 || people > 100) {
                throw new IllegalArgumentException("scenes must be 1..1000 and people 1..100, got " + scenes + " and " + people);
            }
            if (minHeight < 4 || maxHeight < minHeight || maxHeight > height / 2) {
                throw new IllegalArgumentException("Pasted heights must satisfy 4 <= min <= max <= height / 2, got " + minHeight + ".." + maxHeight);
            }
        }
    }

    /** One way of detecting: its recall, AP and cost over all scenes. */
    public record Way(String name, int labelled, int found, double recall, double ap, double inferencesPerScene, double millisPerScene) {}

    /**
     * @param wholeFrame the scenes detected whole
     * @param regions the scenes detected by regions
     * @param scenesWhole scenes whose region plan fell back to the whole frame
     * @param labelsInCrops labelled people inside some crop of their scene's plan
     */
    public record Result(Settings settings, Way wholeFrame, Way regions, int scenesWhole, int labelsInCrops, int labelled,
            int sourcePeople) {}

    private SmallObjectBenchmark() {}

    /**
     * Runs the comparison with {@code model}'s candidates and suppression (the model should keep
     * low-scoring candidates, e.g. a score threshold of 0.05, for AP).
     */
    public static Result run(DetectorModel model, Path video, Settings settings) {
        return run(model, video, settings, null);
    }

    /**
     * As {@link #run(DetectorModel, Path, Settings)}, and writes the first scene to {@code sceneImage}
     * (null: none) with the labels (green), the crops (blue) and the people found by regions (red) drawn.
     */
    public static Result run(DetectorModel model, Path video, Settings settings, Path sceneImage) {
        List<Mat> samples = frames(video, 32);
        try (Detector candidates = model.newCandidateDetector(); Mat plate = plate(samples, settings.width(), settings.height())) {
            RegionDetection detection = new RegionDetection(candidates, model.newSuppressor());
            List<Mat> people = people(samples, detection);
            if (people.isEmpty()) {
                throw new IllegalStateException("The detector found no clear person in " + video + " to paste");
            }
            Random random = new Random(settings.seed());
            RegionPlanner planner = new RegionPlanner(model.inputWidth(), model.inputHeight());
            BoxSet truth = new BoxSet();
            BoxSet wholeFound = new BoxSet();
            BoxSet regionsFound = new BoxSet();
            long[] nanos = new long[2];
            long crops = 0;
            int scenesWhole = 0;
            int inCrops = 0;
            int[] matched = new int[2];
            RegionPlan plan = new RegionPlan();
            RegionPlan whole = new RegionPlan();
            Detections found = new Detections();
            MotionBoxes moved = new MotionBoxes();
            for (int s = 0; s < settings.scenes(); s++) {
                List<float[]> labels = new ArrayList<>();
                try (Mat scene = scene(plate, people, settings, random, labels); MotionDetector motion = new MotionDetector(settings.motion())) {
                    motion.detect(plate, moved);
                    motion.detect(scene, moved);
                    planner.clear();
                    for (int i = 0; i < moved.size(); i++) {
                        planner.add(moved.x1(i), moved.y1(i), moved.x2(i), moved.y2(i));
                    }
                    planner.plan(scene.cols(), scene.rows(), plan);
                    scenesWhole += plan.wholeFrame() ? 1 : 0;
                    crops += plan.wholeFrame() ? 1 : plan.size();
                    for (float[] label : labels) {
                        truth.add(s, 0, truth.size() + 1, label[0], label[1], label[2] - label[0], label[3] - label[1], 1,
                                (label[2] - label[0]) * (label[3] - label[1]), false, false);
                        inCrops += insideSomeCrop(plan, label) ? 1 : 0;
                    }
                    for (int turn = 0; turn < 2; turn++) {
                        // Alternate which goes first, so a machine that speeds up or slows down weighs on both.
                        boolean regionsTurn = (turn == 0) == (s % 2 == 1);
                        long start = System.nanoTime();
                        detection.detect(scene, regionsTurn ? plan : whole, found);
                        nanos[regionsTurn ? 1 : 0] += System.nanoTime() - start;
                        BoxSet into = regionsTurn ? regionsFound : wholeFound;
                        for (int i = 0; i < found.size(); i++) {
                            if (found.classId(i) == PERSON) {
                                into.add(s, 0, into.size() + 1, found.x1(i), found.y1(i), found.x2(i) - found.x1(i), found.y2(i) - found.y1(i),
                                        found.score(i), 0, false, false);
                            }
                        }
                        matched[regionsTurn ? 1 : 0] += matchedLabels(labels, found, settings.recallScore());
                        if (regionsTurn && s == 0 && sceneImage != null) {
                            draw(scene, labels, plan, found, settings.recallScore(), sceneImage);
                        }
                    }
                }
            }
            int labelled = truth.size();
            Way wholeWay = way("whole frame", labelled, matched[0], truth, wholeFound, settings.scenes(), settings.scenes(), nanos[0]);
            Way regionsWay = way("regions", labelled, matched[1], truth, regionsFound, settings.scenes(), crops, nanos[1]);
            people.forEach(Mat::close);
            return new Result(settings, wholeWay, regionsWay, scenesWhole, inCrops, labelled, people.size());
        } finally {
            samples.forEach(Mat::close);
        }
    }

    private static Way way(String name, int labelled, int found, BoxSet truth, BoxSet detections, int scenes, long inferences, long nanos) {
        long[] images = new long[scenes];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < scenes; i++) {
            images[i] = i;
            names.add("scene " + i);
        }
        Dataset data = new Dataset(images, names, new long[] {1}, List.of("person"), truth, detections);
        double ap = VocEvaluator.evaluate(data, 0.5, VocEvaluator.Interpolation.ALL_POINT, false).mean();
        return new Way(name, labelled, found, labelled == 0 ? 0 : found / (double) labelled, ap, inferences / (double) scenes,
                nanos / 1e6 / scenes);
    }

    /** Labels matched one-to-one by a person detection at or above {@code minScore} with IoU 0.5 or more, highest score first. */
    static int matchedLabels(List<float[]> labels, Detections found, float minScore) {
        Integer[] order = new Integer[found.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(found.score(b), found.score(a)));
        boolean[] taken = new boolean[labels.size()];
        int matched = 0;
        for (int i : order) {
            if (found.classId(i) != PERSON || found.score(i) < minScore) {
                continue;
            }
            int best = -1;
            double bestIou = 0.5;
            for (int l = 0; l < labels.size(); l++) {
                double iou = iou(labels.get(l), found.x1(i), found.y1(i), found.x2(i), found.y2(i));
                if (!taken[l] && iou >= bestIou) {
                    best = l;
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                taken[best] = true;
                matched++;
            }
        }
        return matched;
    }

    private static double iou(float[] a, float x1, float y1, float x2, float y2) {
        double w = Math.min(a[2], x2) - Math.max(a[0], x1);
        double h = Math.min(a[3], y2) - Math.max(a[1], y1);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (x2 - x1) * (y2 - y1) - inter);
    }

    private static boolean insideSomeCrop(RegionPlan plan, float[] box) {
        for (int i = 0; i < plan.size(); i++) {
            if (box[0] >= plan.x(i) && box[1] >= plan.y(i) && box[2] <= plan.x(i) + plan.width(i) && box[3] <= plan.y(i) + plan.height(i)) {
                return true;
            }
        }
        return plan.wholeFrame();
    }

    private static void draw(Mat scene, List<float[]> labels, RegionPlan plan, Detections found, float minScore, Path file) {
        try (Mat picture = scene.clone(); Scalar green = new Scalar(0, 200, 0, 0); Scalar blue = new Scalar(255, 80, 0, 0);
                Scalar red = new Scalar(0, 0, 255, 0)) {
            for (int i = 0; i < plan.size(); i++) {
                rectangle(picture, new Point(plan.x(i), plan.y(i)), new Point(plan.x(i) + plan.width(i) - 1, plan.y(i) + plan.height(i) - 1),
                        blue, 2, LINE_8, 0);
            }
            for (float[] label : labels) {
                rectangle(picture, new Point(Math.round(label[0]) - 2, Math.round(label[1]) - 2),
                        new Point(Math.round(label[2]) + 2, Math.round(label[3]) + 2), green, 1, LINE_8, 0);
            }
            for (int i = 0; i < found.size(); i++) {
                if (found.classId(i) == PERSON && found.score(i) >= minScore) {
                    rectangle(picture, new Point(Math.round(found.x1(i)), Math.round(found.y1(i))),
                            new Point(Math.round(found.x2(i)), Math.round(found.y2(i))), red, 1, LINE_8, 0);
                }
            }
            if (!imwrite(file.toString(), picture)) {
                throw new IllegalArgumentException("Cannot write the scene image " + file + "; check the folder exists and the name ends in .png");
            }
        }
    }

    /** Every {@code step}-th frame of the video. */
    private static List<Mat> frames(Path video, int step) {
        List<Mat> frames = new ArrayList<>();
        try (Source source = FfmpegSource.openFile(video.toString()); Mat frame = new Mat()) {
            for (int i = 0; source.read(frame) == Source.Status.FRAME; i++) {
                if (i % step == 0) {
                    frames.add(frame.clone());
                }
            }
        }
        if (frames.size() < 3) {
            throw new IllegalArgumentException(video + " has too few frames for a background (" + frames.size() + " samples)");
        }
        return frames;
    }

    /** The street without passers-by (the per-pixel median of the samples), scaled to cover width x height and cut to it. */
    private static Mat plate(List<Mat> samples, int width, int height) {
        Mat first = samples.get(0);
        int length = (int) (first.total() * first.channels());
        byte[][] data = new byte[samples.size()][length];
        for (int f = 0; f < samples.size(); f++) {
            samples.get(f).data().get(data[f]);
        }
        byte[] median = new byte[length];
        int[] values = new int[samples.size()];
        for (int p = 0; p < length; p++) {
            for (int f = 0; f < values.length; f++) {
                values[f] = data[f][p] & 0xff;
            }
            Arrays.sort(values);
            median[p] = (byte) values[values.length / 2];
        }
        try (Mat street = new Mat(first.rows(), first.cols(), first.type()); Mat scaled = new Mat()) {
            street.data().put(median);
            double scale = Math.max(width / (double) first.cols(), height / (double) first.rows());
            int scaledWidth = Math.max(width, (int) Math.ceil(first.cols() * scale));
            int scaledHeight = Math.max(height, (int) Math.ceil(first.rows() * scale));
            resize(street, scaled, new Size(scaledWidth, scaledHeight), 0, 0, INTER_LINEAR);
            try (Rect middle = new Rect((scaledWidth - width) / 2, (scaledHeight - height) / 2, width, height)) {
                return new Mat(scaled, middle).clone();
            }
        }
    }

    /** Clear, whole people the detector finds in the samples at full size: the patches to paste. */
    private static List<Mat> people(List<Mat> samples, RegionDetection detection) {
        List<Mat> people = new ArrayList<>();
        RegionPlan whole = new RegionPlan();
        Detections found = new Detections();
        for (int f = 0; f < samples.size(); f += 4) {
            Mat frame = samples.get(f);
            detection.detect(frame, whole, found);
            for (int i = 0; i < found.size(); i++) {
                int x1 = Math.round(found.x1(i));
                int y1 = Math.round(found.y1(i));
                int x2 = Math.round(found.x2(i));
                int y2 = Math.round(found.y2(i));
                boolean inside = x1 > 0 && y1 > 0 && x2 < frame.cols() && y2 < frame.rows();
                if (found.classId(i) == PERSON && found.score(i) >= SOURCE_SCORE && y2 - y1 >= SOURCE_MIN_HEIGHT && inside) {
                    try (Rect box = new Rect(x1, y1, x2 - x1, y2 - y1)) {
                        people.add(new Mat(frame, box).clone());
                    }
                }
            }
        }
        return people;
    }

    /** The plate with {@code settings.people()} people pasted at seeded, non-overlapping places; their boxes go to {@code labels}. */
    private static Mat scene(Mat plate, List<Mat> people, Settings settings, Random random, List<float[]> labels) {
        Mat scene = plate.clone();
        for (int p = 0; p < settings.people(); p++) {
            Mat person = people.get(random.nextInt(people.size()));
            int height = settings.minHeight() + random.nextInt(settings.maxHeight() - settings.minHeight() + 1);
            int width = Math.max(2, Math.round(person.cols() * height / (float) person.rows()));
            for (int attempt = 0; attempt < 50; attempt++) {
                int x = random.nextInt(scene.cols() - width);
                int y = random.nextInt(scene.rows() - height);
                float[] box = {x, y, x + width, y + height};
                if (labels.stream().noneMatch(other -> iou(other, box[0] - width, box[1] - height, box[2] + width, box[3] + height) > 0)) {
                    try (Mat small = new Mat(); Rect where = new Rect(x, y, width, height); Mat target = new Mat(scene, where)) {
                        resize(person, small, new Size(width, height), 0, 0, INTER_AREA);
                        small.copyTo(target);
                    }
                    labels.add(box);
                    break;
                }
            }
        }
        return scene;
    }
}
