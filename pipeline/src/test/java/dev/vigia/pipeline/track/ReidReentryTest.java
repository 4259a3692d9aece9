package dev.vigia.pipeline.track;

import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.eval.DetectionReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real footage, one person made to vanish: in vtest.avi (10 fps) the woman in a red jacket walks
 * in from the right at frame 30. From frame 40 her box is painted grey in every frame for 2.5 s,
 * longer than BoT-SORT's one-second buffer, so the detector loses her; then she is shown again.
 */
class ReidReentryTest {

    private static final int FIRST = 30;
    private static final int HIDDEN_FROM = 40;
    private static final int HIDDEN_UNTIL = 65;
    private static final int LAST = 72;
    /** Her box at frame 30, checked by eye. */
    private static final float[] RED_JACKET_AT_30 = {628, 252, 667, 353};

    private static final List<Mat> frames = new ArrayList<>();
    private static final List<Detections> detections = new ArrayList<>();
    /** Her box in each frame (as the detector finds her in the untouched frame), followed from frame 30. */
    private static final List<float[]> herBoxes = new ArrayList<>();

    @BeforeAll
    static void hideHer() {
        Detector detector = TestVideos.nanodet().get(0);
        float[] her = RED_JACKET_AT_30;
        for (Mat frame : TestVideos.frames("vtest.avi", FIRST, LAST)) {
            int index = FIRST + frames.size();
            Detections found = detector.detect(frame);
            her = follow(frame, found, her);
            herBoxes.add(her);
            if (index >= HIDDEN_FROM && index < HIDDEN_UNTIL) {
                float w = her[2] - her[0];
                float h = her[3] - her[1];
                rectangle(frame, new Point(Math.round(her[0] - w * 0.15f), Math.round(her[1] - h * 0.1f)),
                        new Point(Math.round(her[2] + w * 0.15f), Math.round(her[3] + h * 0.1f)), new Scalar(128, 128, 128, 0), -1, 8, 0);
                found = detector.detect(frame);
            }
            frames.add(frame);
            detections.add(found);
        }
        detector.close();
    }

    /**
     * Of the person boxes overlapping {@code last} (she moves a few pixels a frame), the reddest:
     * she walks beside a woman in black whose box overlaps hers. {@code last} when none overlaps.
     */
    private static float[] follow(Mat frame, Detections found, float[] last) {
        float[] best = last;
        double bestRed = -1;
        for (int d = 0; d < found.size(); d++) {
            float[] box = {found.x1(d), found.y1(d), found.x2(d), found.y2(d)};
            if (found.classId(d) != 0 || iou(box, last) < 0.2) {
                continue;
            }
            double red = redFraction(frame, box);
            if (red > bestRed) {
                bestRed = red;
                best = box;
            }
        }
        return best;
    }

    /** The share of a box's pixels that are clearly red (red above 90 and over 1.6 times green and blue). */
    private static double redFraction(Mat frame, float[] box) {
        int red = 0;
        int all = 0;
        try (UByteIndexer pixels = frame.createIndexer()) {
            for (int y = Math.max(0, (int) box[1]); y < Math.min(frame.rows(), (int) box[3]); y++) {
                for (int x = Math.max(0, (int) box[0]); x < Math.min(frame.cols(), (int) box[2]); x++) {
                    int b = pixels.get(y, x, 0);
                    int g = pixels.get(y, x, 1);
                    int r = pixels.get(y, x, 2);
                    all++;
                    if (r > 90 && r > 1.6 * g && r > 1.6 * b) {
                        red++;
                    }
                }
            }
        }
        return all == 0 ? 0 : (double) red / all;
    }

    private static double iou(float[] a, float[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }

    /** Her track's id at each frame index (0 where no reported track covers her box). */
    private static int[] herIds(Tracker tracker) {
        Tracks out = new Tracks();
        int[] ids = new int[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            Mat frame = frames.get(i);
            tracker.update(detections.get(i), new FrameInfo(FIRST + i, (FIRST + i) * 100_000L, 10, frame.cols(), frame.rows(), frame), out);
            double best = 0.5;
            for (int t = 0; t < out.size(); t++) {
                double iou = iou(new float[] {out.x1(t), out.y1(t), out.x2(t), out.y2(t)}, herBoxes.get(i));
                if (iou > best) {
                    best = iou;
                    ids[i] = out.id(t);
                }
            }
        }
        return ids;
    }

    @Test
    void theRedJacketIsFollowedWhileVisible() {
        for (int i = 0; i < frames.size(); i++) {
            if (FIRST + i < HIDDEN_FROM || FIRST + i >= HIDDEN_UNTIL) {
                assertTrue(redFraction(frames.get(i), herBoxes.get(i)) > 0.05, "frame " + (FIRST + i) + ": her box is not the red jacket's");
            }
        }
    }

    @Test
    void sheIsHiddenWhilePainted() {
        for (int i = HIDDEN_FROM + 2 - FIRST; i < HIDDEN_UNTIL - FIRST; i++) {
            Detections found = detections.get(i);
            for (int d = 0; d < found.size(); d++) {
                double iou = iou(new float[] {found.x1(d), found.y1(d), found.x2(d), found.y2(d)}, herBoxes.get(i));
                assertTrue(iou < 0.5 || found.score(d) < 0.3, "frame " + (FIRST + i) + ": the detector still finds her");
            }
        }
    }

    @Test
    void withReidSheTakesBackHerIdAndWithoutItSheIsANewcomer() {
        int before = HIDDEN_FROM - 1 - FIRST;
        int after = LAST - FIRST;
        int[] plain = herIds(Trackers.create("botsort", Map.of()));
        // Her looks on return are 0.05 from her gallery (everyone else here: 0.13 or more); the
        // default reentry_thresh, 0.04, is the one that scored best on the scenes benchmark.
        int[] reid = herIds(Trackers.create("botsort", Map.of("reid", "true", "reentry_thresh", "0.06")));
        assertTrue(plain[before] > 0 && reid[before] > 0, "she is tracked before she vanishes");
        assertTrue(plain[after] > 0 && reid[after] > 0, "she is tracked after she comes back");
        assertNotEquals(plain[before], plain[after], "motion alone cannot bridge 2.5 s");
        assertEquals(reid[before], reid[after], "her looks bring her id back");
    }

    @Test
    void reidIsRefusedForADetectionFileWhichHasNoImages(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("det.txt");
        Files.writeString(file, "1,-1,10,10,20,40,0.9,-1,-1,-1\n");
        Tracker tracker = Trackers.create("botsort", Map.of("reid", "true"));
        UserError error = assertThrows(UserError.class, () -> DetectionReplay.run(file, tracker, 10, dir.resolve("out.txt")));
        assertTrue(error.getMessage().contains("reid=false") && error.getMessage().contains("--source"), error.getMessage());
        assertTrue(error.getMessage().lines().count() == 1, "one line");
        assertTrue(Files.notExists(dir.resolve("out.txt")), "nothing written");
    }
}
