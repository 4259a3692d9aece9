package dev.vigia.pipeline.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.scenes.ActorClip;
import dev.vigia.pipeline.scenes.Appearance;
import dev.vigia.pipeline.scenes.BackgroundPlate;
import dev.vigia.pipeline.scenes.GroundTruthRow;
import dev.vigia.pipeline.scenes.Perspective;
import dev.vigia.pipeline.scenes.SceneRenderer;
import dev.vigia.pipeline.scenes.SceneScript;
import dev.vigia.pipeline.scenes.ScriptWriter;
import dev.vigia.pipeline.scenes.TestActors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A turn-back, as {@code vigia scenes make} writes them (its seventh sequence): two real vtest
 * people, a woman in a dark coat from the left and a woman in a red jacket from the right, walk
 * toward each other on vtest's empty street, stand for about a second with the dark coat mostly
 * hidden behind the red jacket, and each turns back the way she came. Motion alone expects them
 * to walk on through each other; their looks say they turned. NanoDet finds them in every frame
 * as a user's run would, and the tracks are compared with the scene's exact ground truth.
 */
class ReidTurnBackTest {

    private static final double FPS = 10;
    /** They meet 2.5 s in, having walked in view since the start, and are gone from each other 2.5 s after turning. */
    private static final double MEET_AT = 2.5;
    private static final int FRAMES = 64;
    /**
     * Where they meet and how long they stand. Of seeds 1 to 8, ReID keeps both ids in all eight, motion alone in none;
     * in this one BoT-SORT's own fusion (before veto_margin) gave the red jacket a new id as she turned.
     */
    private static final long SEED = 8;

    private static final List<Mat> frames = new ArrayList<>();
    private static final List<Detections> detections = new ArrayList<>();
    private static final List<List<GroundTruthRow>> truth = new ArrayList<>();

    @BeforeAll
    static void filmTheTurnBack() {
        List<Mat> street = TestVideos.frames("vtest.avi", 0, 40);
        Mat plate = BackgroundPlate.median(List.of(street.get(0), street.get(10), street.get(20), street.get(30), street.get(40)));
        Perspective perspective = new Perspective(0.23, 19, 180, 540);
        List<ActorClip> actors = List.of(TestActors.walker(), TestActors.redJacket());
        ScriptWriter writer = new ScriptWriter(actors, perspective, plate.cols(), plate.rows(), FPS, null);
        List<Appearance> pair = writer.turnBack(new Random(SEED), 1, 0, 2, 1, MEET_AT);
        SceneScript script = new SceneScript("turnback", "turnbacks", FRAMES, FPS, plate.cols(), plate.rows(), pair, null,
                new double[0], new double[0], 2.5, 25, new double[] {384, 100, 384, 500}, new double[] {0, 0, 10, 0, 10, 10});
        SceneRenderer renderer = new SceneRenderer(script, actors, perspective, plate, SEED);
        Detector detector = TestVideos.nanodet().get(0);
        for (int f = 0; f < FRAMES; f++) {
            Mat frame = new Mat();
            truth.add(renderer.render(f, frame));
            frames.add(frame);
            detections.add(detector.detect(frame));
        }
        detector.close();
    }

    /** Per frame, the track id on each ground-truth person (IoU at least 0.5), by gt id (1 the dark coat, 2 the red jacket). */
    private static List<Map<Integer, Integer>> follow(Tracker tracker) {
        List<Map<Integer, Integer>> ids = new ArrayList<>();
        Tracks out = new Tracks();
        for (int f = 0; f < FRAMES; f++) {
            Mat frame = frames.get(f);
            tracker.update(detections.get(f), new FrameInfo(f, Math.round(f * 1e6 / FPS), FPS, frame.cols(), frame.rows(), frame), out);
            Map<Integer, Integer> onPerson = new HashMap<>();
            for (GroundTruthRow row : truth.get(f)) {
                double best = 0.5;
                for (int t = 0; t < out.size(); t++) {
                    double iou = BoxOverlap.iou(row.left(), row.top(), row.left() + row.width(), row.top() + row.height(),
                            out.x1(t), out.y1(t), out.x2(t), out.y2(t));
                    if (iou >= best) {
                        best = iou;
                        onPerson.put(row.id(), out.id(t));
                    }
                }
            }
            ids.add(onPerson);
        }
        return ids;
    }

    /** The id most often on gt person {@code person} over frames {@code [from, to)}, or -1. */
    private static int usualId(List<Map<Integer, Integer>> ids, int person, int from, int to) {
        Map<Integer, Integer> votes = new HashMap<>();
        for (int f = from; f < to; f++) {
            Integer id = ids.get(f).get(person);
            if (id != null) {
                votes.merge(id, 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
    }

    /** Per person (dark coat, red jacket): her usual id in the 2 s before they meet and in the last 1.2 s, when they are apart. */
    private static int[][] beforeAndAfter(Tracker tracker) {
        List<Map<Integer, Integer>> ids = follow(tracker);
        int meet = (int) Math.round(MEET_AT * FPS);
        int[][] result = new int[2][2];
        for (int person = 1; person <= 2; person++) {
            result[person - 1][0] = usualId(ids, person, 0, meet - 5);
            result[person - 1][1] = usualId(ids, person, FRAMES - 12, FRAMES);
        }
        return result;
    }

    @Test
    void withReidBothKeepTheirIds() {
        int[][] ids = beforeAndAfter(Trackers.create("botsort", Map.of("reid", "true")));
        assertTrue(ids[0][0] > 0 && ids[1][0] > 0, "both are followed before they meet");
        assertNotEquals(ids[0][0], ids[1][0], "two people, two ids");
        assertEquals(ids[0][0], ids[0][1], "the dark coat keeps her id");
        assertEquals(ids[1][0], ids[1][1], "the red jacket keeps her id");
    }

    /**
     * Without ReID the dark coat's track, still walking right by its motion, takes the red jacket's
     * box as the two meet and keeps it when she turns back; the dark coat comes out from behind
     * with no track waiting for her and gets a new id.
     */
    @Test
    void withoutReidTheRedJacketLeavesUnderTheDarkCoatsId() {
        int[][] ids = beforeAndAfter(Trackers.create("botsort", Map.of()));
        assertTrue(ids[0][0] > 0 && ids[1][0] > 0, "both are followed before they meet");
        assertNotEquals(ids[0][0], ids[1][0], "two people, two ids");
        assertEquals(ids[0][0], ids[1][1], "the red jacket leaves under the dark coat's id");
        assertTrue(ids[0][1] > 0 && ids[0][1] != ids[0][0] && ids[0][1] != ids[1][0], "the dark coat leaves under a new id");
    }
}
