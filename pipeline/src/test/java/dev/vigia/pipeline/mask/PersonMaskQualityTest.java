package dev.vigia.pipeline.mask;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detection;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.detect.DetectorOptions;
import dev.vigia.models.detect.Detectors;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.segment.MattingModel;
import dev.vigia.models.segment.PersonSegmenter;
import dev.vigia.models.segment.Segmenters;
import dev.vigia.models.store.ModelStore;
import dev.vigia.pipeline.TestVideos;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.samples.SampleMedia;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Person masks as the pipeline makes them (the detector's box with a 10% margin, then the selfie
 * segmenter on that crop, or the matte of the whole frame cut to it) against people outlined by hand: polygons drawn by looking at the frames magnified
 * on a 10-pixel grid. Goal: IoU 0.8 or more on unoccluded people.
 */
class PersonMaskQualityTest {

    /** darknet's person.jpg (640x424): hood, hat, arm, glove, trousers and boots, clockwise from the hat. */
    static final int[][] PERSON_JPG = {
        {235, 100}, {248, 110}, {247, 132}, {255, 140}, {262, 173}, {268, 223}, {273, 237}, {275, 260},
        {265, 277}, {258, 270}, {255, 250}, {253, 323}, {242, 327}, {242, 360}, {258, 367}, {260, 372},
        {220, 373}, {213, 370}, {210, 327}, {207, 320}, {203, 247}, {193, 187}, {192, 153}, {198, 128},
        {207, 122}, {220, 123}, {222, 110}, {227, 102}};

    /** vtest.avi frame 29 (index 28): the woman in the dark coat walking on the right, clockwise from her hair. */
    static final int[][] VTEST_FRAME_29 = {
        {690, 253}, {697, 255}, {699, 265}, {703, 268}, {706, 283}, {709, 300}, {707, 305}, {701, 315},
        {695, 317}, {700, 328}, {701, 337}, {704, 340}, {701, 350}, {696, 350}, {692, 343}, {682, 340},
        {685, 337}, {686, 328}, {681, 318}, {679, 305}, {681, 283}, {682, 272}, {686, 268}, {684, 260}, {686, 255}};

    /** Megamind.avi frame 101 (index 100): the man in glasses filling the right half, clockwise from his hair. */
    static final int[][] MEGAMIND_FRAME_101 = {
        {365, 75}, {380, 40}, {420, 15}, {470, 0}, {600, 0}, {615, 30}, {625, 80}, {615, 130}, {605, 180}, {600, 200},
        {590, 240}, {570, 260}, {575, 270}, {640, 285}, {700, 300}, {719, 320}, {719, 527}, {360, 527}, {358, 400},
        {362, 330}, {380, 305}, {430, 280}, {440, 265}, {420, 240}, {410, 200}, {405, 150}, {395, 120}, {380, 100}};

    private static Detector detector;
    private static PersonSegmenter segmenter;
    private static MattingModel matting;

    @BeforeAll
    static void load() {
        detector = Detectors.open(ModelStore.standard(), "nanodet", DetectorOptions.defaults());
        segmenter = Segmenters.person(ModelStore.standard(), "selfie", DeviceChoice.CPU);
        matting = Segmenters.matting(ModelStore.standard(), "rvm", DeviceChoice.CPU);
    }

    @AfterAll
    static void release() {
        detector.close();
        segmenter.close();
        matting.close();
    }

    @ParameterizedTest
    @EnumSource(value = MaskMode.class, names = {"PERSON", "MATTING"})
    void thePersonInPersonJpg(MaskMode mode) {
        Mat photo = imread(SampleMedia.standard().file("person.jpg").toString());
        double iou = maskIou(List.of(photo), PERSON_JPG, mode);
        assertTrue(iou >= 0.8, mode + " mask IoU " + iou);
    }

    /** Matting sees the 12 frames before (its recurrent state), as in a run. */
    @ParameterizedTest
    @EnumSource(value = MaskMode.class, names = {"PERSON", "MATTING"})
    void aWalkerInVtest(MaskMode mode) {
        double iou = maskIou(TestVideos.frames("vtest.avi", 16, 28), VTEST_FRAME_29, mode);
        assertTrue(iou >= 0.8, mode + " mask IoU " + iou);
    }

    @ParameterizedTest
    @EnumSource(value = MaskMode.class, names = {"PERSON", "MATTING"})
    void theManInMegamind(MaskMode mode) {
        double iou = maskIou(TestVideos.frames("Megamind.avi", 88, 100), MEGAMIND_FRAME_101, mode);
        assertTrue(iou >= 0.8, mode + " mask IoU " + iou);
    }

    /**
     * The mask MaskStage gives, on the last of {@code frames}, the person detection that overlaps
     * the outline most, against the outline; the frames before only carry matting's state.
     */
    private static double maskIou(List<Mat> frames, int[][] outline, MaskMode mode) {
        Mat image = frames.get(frames.size() - 1);
        int[] bounds = bounds(outline);
        Detection person = detector.detect(image).toList().stream().filter(d -> d.label().equals("person"))
                .max(java.util.Comparator.comparingDouble(d -> d.iou(bounds[0], bounds[1], bounds[2], bounds[3]))).orElseThrow();
        MaskStage stage = new MaskStage(mode, segmenter, mode == MaskMode.MATTING ? matting.newMatter() : null, Set.of(person.classId()));
        FrameEvent event = new FrameEvent();
        for (int f = 0; f < frames.size(); f++) {
            frames.get(f).copyTo(event.image);
            event.frameIndex = f;
            event.timestampMicros = f * 40_000L;
            event.detected = true;
            event.tracks.clear();
            if (f == frames.size() - 1) {
                event.tracks.add(1, person.x1(), person.y1(), person.x2(), person.y2(), person.score(), person.classId());
            }
            stage.onFrame(event, f, true);
        }
        TrackMasks.Placed placed = event.attribute(MaskStage.MASKS).of(0);
        long both = 0;
        long either = 0;
        try (UByteIndexer mask = placed.mask.createIndexer()) {
            for (int y = 0; y < image.rows(); y++) {
                for (int x = 0; x < image.cols(); x++) {
                    int mx = x - placed.left;
                    int my = y - placed.top;
                    boolean predicted = mx >= 0 && my >= 0 && mx < placed.mask.cols() && my < placed.mask.rows() && mask.get(my, mx) != 0;
                    boolean drawn = inside(outline, x + 0.5, y + 0.5);
                    both += predicted && drawn ? 1 : 0;
                    either += predicted || drawn ? 1 : 0;
                }
            }
        }
        stage.onStop();
        return both / (double) either;
    }

    private static int[] bounds(int[][] outline) {
        int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, 0, 0};
        for (int[] p : outline) {
            b[0] = Math.min(b[0], p[0]);
            b[1] = Math.min(b[1], p[1]);
            b[2] = Math.max(b[2], p[0]);
            b[3] = Math.max(b[3], p[1]);
        }
        return b;
    }

    /** Even-odd rule. */
    private static boolean inside(int[][] polygon, double x, double y) {
        boolean in = false;
        for (int i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
            double xi = polygon[i][0];
            double yi = polygon[i][1];
            double xj = polygon[j][0];
            double yj = polygon[j][1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                in = !in;
            }
        }
        return in;
    }
}
