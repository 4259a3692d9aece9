package dev.vigia.pipeline.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigia.pipeline.Engine;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.SourceSpec;
import dev.vigia.pipeline.Vigia;
import dev.vigia.samples.SampleMedia;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Motion-gated detection in the engine, with the real detector (NanoDet) on real pixels. */
class MotionGatedEngineTest {

    /** COCO's first class. */
    private static final int PERSON = 0;

    private static QuietClip clip;

    @BeforeAll
    static void makeClip() {
        clip = QuietClip.build();
    }

    /** What a run saw: which frames were detected, the first frame with a person detected in the window, the stats. */
    private record Run(List<Long> detected, long firstPerson, PipelineStats stats, Map<Integer, Integer> trackFrames,
            Map<Long, Integer> crops, Map<Long, Integer> peopleInWindow) {}

    private static Run run(SourceSpec source, MotionConfig motion, long maxFrames) {
        List<Long> detected = new ArrayList<>();
        long[] firstPerson = {-1};
        Map<Integer, Integer> trackFrames = new HashMap<>();
        Map<Long, Integer> crops = new HashMap<>();
        Map<Long, Integer> peopleInWindow = new HashMap<>();
        Rect w = clip == null ? null : clip.window;
        try (Engine engine = Vigia.engine().source(source).motion(motion).maxFrames(maxFrames).render(false).onFrame(frame -> {
            if (frame.detected()) {
                detected.add(frame.frameIndex());
                crops.put(frame.frameIndex(), frame.regions().size());
                for (int i = 0; i < frame.detections().size() && w != null; i++) {
                    float cx = (frame.detections().x1(i) + frame.detections().x2(i)) / 2;
                    float cy = (frame.detections().y1(i) + frame.detections().y2(i)) / 2;
                    if (frame.detections().classId(i) == PERSON && frame.detections().score(i) >= 0.3f
                            && cx >= w.x() && cx <= w.x() + w.width() && cy >= w.y() && cy <= w.y() + w.height()) {
                        peopleInWindow.merge(frame.frameIndex(), 1, Integer::sum);
                        if (firstPerson[0] < 0) {
                            firstPerson[0] = frame.frameIndex();
                        }
                    }
                }
            }
            for (int i = 0; i < frame.tracks().size(); i++) {
                trackFrames.merge(frame.tracks().id(i), 1, Integer::sum);
            }
        }).start()) {
            PipelineStats stats = engine.awaitTermination();
            return new Run(detected, firstPerson[0], engine.sourceStats().getOrDefault(source.name(), stats), trackFrames, crops,
                    peopleInWindow);
        }
    }

    @TempDir
    static Path shared;
    private static Run quietGated;

    /** The quiet clip with the person walking, gated with the defaults: run once, read by the tests that compare with it. */
    private static synchronized Run quietGated() throws Exception {
        if (quietGated == null) {
            Path video = clip.write(shared.resolve("quiet.mp4"), true, -1, 1);
            quietGated = run(SourceSpec.of("quiet", video.toString()), MotionConfig.defaults(), 0);
        }
        return quietGated;
    }

    @Test
    void detectsOnlyWhileSomethingMovesAndFindsThePersonAtOnce() throws Exception {
        Run run = quietGated();
        int stretch = QuietClip.PERSON_TO - QuietClip.PERSON_FROM;
        long during = run.detected().stream().filter(i -> i >= QuietClip.PERSON_FROM && i <= QuietClip.PERSON_TO).count();
        long outside = run.detected().size() - during;
        // Outside the walk: the first frame, and confirmations of tracks left behind every 2 s (20 frames) until the tracker drops them.
        assertTrue(outside <= 4, "detections outside the walk: " + run.detected());
        assertTrue(during >= stretch * 3 / 4, "detected while the person walks: " + during + " of " + stretch);
        assertEquals(0, run.stats().regionDetections(), "whole frames only: no region figures");
        assertTrue(run.firstPerson() >= QuietClip.PERSON_FROM && run.firstPerson() <= QuietClip.PERSON_FROM + 3,
                "the person is detected within 3 frames of appearing at " + QuietClip.PERSON_FROM + ": " + run.firstPerson());
        assertEquals(QuietClip.FRAMES, run.stats().motionChecked());
        assertEquals(run.detected().size(), run.stats().motionDetections(), "the stats count the detections that ran");
        assertTrue(run.stats().motionFrames() >= during && run.stats().motionFrames() <= stretch + 2, "frames with motion: "
                + run.stats().motionFrames());
    }

    @Test
    void withRegionsTheWalkIsDetectedInCropsAroundItAndThePersonOnce(@TempDir Path dir) throws Exception {
        Path video = clip.write(dir.resolve("regions.mp4"), true, -1, 1);
        // The clip's frames up to just after the walk: what comes after is the whole-frame test's business.
        Run run = run(SourceSpec.of("regions", video.toString()), MotionConfig.defaults().withRegions(true), QuietClip.PERSON_TO + 2);
        assertEquals(0, run.crops().get(0L), "the first frame, with nothing moving yet and no tracks, is detected whole");
        List<Long> walk = run.detected().stream().filter(i -> i > QuietClip.PERSON_FROM && i < QuietClip.PERSON_TO).toList();
        long inCrops = walk.stream().filter(i -> run.crops().get(i) > 0).count();
        // vtest is 768x576 and NanoDet takes 416x416: a crop around the walk holds 173,056 pixels of the frame's 442,368.
        assertTrue(inCrops >= walk.size() * 3 / 4, "walk frames detected in crops: " + inCrops + " of " + walk.size() + " " + run.crops());
        // What --stats-json and /metrics report: inferences per detected frame (a frame detected whole is one), counted here from the frames.
        long wholeFrames = run.crops().values().stream().filter(n -> n == 0).count();
        double perDetection = run.crops().values().stream().mapToInt(n -> Math.max(1, n)).sum() / (double) run.crops().size();
        assertEquals(run.crops().size(), run.stats().regionDetections());
        assertEquals(perDetection, run.stats().regionsPerDetection(), 1e-9);
        assertEquals(wholeFrames, run.stats().regionWholeFrames());
        assertTrue(run.firstPerson() >= QuietClip.PERSON_FROM && run.firstPerson() <= QuietClip.PERSON_FROM + 3,
                "the person is detected within 3 frames of appearing at " + QuietClip.PERSON_FROM + ": " + run.firstPerson());
        // Crops overlap and cut people: joined and suppressed once, each frame shows the people the whole frame shows, no more.
        Run whole = quietGated();
        long same = walk.stream().filter(i -> run.peopleInWindow().getOrDefault(i, 0).equals(whole.peopleInWindow().getOrDefault(i, 0)))
                .count();
        long more = walk.stream().filter(i -> run.peopleInWindow().getOrDefault(i, 0) > whole.peopleInWindow().getOrDefault(i, 0)).count();
        // The whole frame itself finds a third person now and then (2 of 39 frames): a few such frames are the model's own.
        assertTrue(same >= walk.size() * 3 / 4 && more <= walk.size() / 5, "people in the window per frame, with regions "
                + run.peopleInWindow() + ", whole frames " + whole.peopleInWindow());
    }

    @Test
    void aLightSwitchDoesNotStartADetectionStorm(@TempDir Path dir) throws Exception {
        Path video = clip.write(dir.resolve("lights.mp4"), false, 60, 0.55);
        // Confirmations of what stands in the empty street put off past the clip's end, to count only what motion starts.
        Run run = run(SourceSpec.of("lights", video.toString()), MotionConfig.defaults().withConfirmInterval(java.time.Duration.ofHours(1)), 0);
        // The first frame, then at most two frames around the switch.
        assertTrue(run.detected().size() <= 3, "detections: " + run.detected());
    }

    @Test
    void aMaskOverTheWalkLeavesOnlyTheConfirmationsOfWhatStandsStill(@TempDir Path dir) throws Exception {
        Path video = clip.write(dir.resolve("masked.mp4"), true, -1, 1);
        Rect w = clip.window;
        double[][] mask = {{w.x() - 8, w.y() - 8}, {w.x() + w.width() + 8, w.y() - 8},
                {w.x() + w.width() + 8, w.y() + w.height() + 8}, {w.x() - 8, w.y() + w.height() + 8}};
        Run run = run(SourceSpec.of("masked", video.toString()), MotionConfig.defaults().withMasks(List.<double[][]>of(mask)), 0);
        // NanoDet finds objects standing in the empty street at the first frame; nothing moves outside the mask, so
        // they are only confirmed every 2 s (20 frames at the clip's 10 fps) and the masked walk starts no detection.
        assertEquals(List.of(0L, 20L, 40L, 60L, 80L, 100L), run.detected());
    }

    /** On the busy street motion is nearly everywhere: gating must not lose tracks. */
    @Test
    void onABusyStreetTheSameTracksAreFound() {
        String vtest = SampleMedia.standard().file("vtest.avi").toString();
        Run plain = run(SourceSpec.of("plain", vtest), null, 200);
        Run gated = run(SourceSpec.of("gated", vtest), MotionConfig.defaults(), 200);
        long plainTracks = plain.trackFrames().values().stream().filter(n -> n >= 10).count();
        long gatedTracks = gated.trackFrames().values().stream().filter(n -> n >= 10).count();
        assertTrue(plainTracks > 5, "the busy street has tracks: " + plainTracks);
        assertTrue(Math.abs(plainTracks - gatedTracks) <= Math.max(1, plainTracks / 10),
                "tracks seen in 10 frames or more: " + plainTracks + " without motion gating, " + gatedTracks + " with it");
        assertEquals(200, gated.stats().motionChecked());
    }

    private static final int BUDGET_FRAMES = 80;
    private static final double BUDGET_SECONDS = BUDGET_FRAMES / 10.0;

    /**
     * Three motion-gated cameras on one budget: the busy street (vtest.avi, something moves in every
     * frame), the quiet clip with its walk (frames 40-79), and the quiet clip with nobody. All three
     * are 10 fps files read for 80 frames (8 s of video), detected at most on every frame (a cap of
     * 10 a second each); the budget is one camera's worth, 10 a second, with a floor of 1.
     */
    @Test
    void withOneCamerasWorthOfDetectionsTheBusyCameraGetsMostAndTheQuietOnesTheirFloor(@TempDir Path dir) throws Exception {
        Path walk = clip.write(dir.resolve("walk.mp4"), true, -1, 1);
        Path empty = clip.write(dir.resolve("empty.mp4"), false, -1, 1);
        String vtest = SampleMedia.standard().file("vtest.avi").toString();
        Map<String, List<Long>> detected = new ConcurrentHashMap<>();
        Map<String, PipelineStats> stats;
        JsonNode json;
        DetectionBudget.Report report;
        try (Engine engine = Vigia.engine()
                .source("busy", vtest).source("walk", walk.toString()).source("empty", empty.toString())
                .motion(MotionConfig.defaults())
                .detectionBudget(BudgetConfig.of(10).withFloor(1))
                .maxFrames(BUDGET_FRAMES).render(false)
                .onFrame(frame -> {
                    if (frame.detected()) {
                        detected.computeIfAbsent(frame.source(), s -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                .add(frame.frameIndex());
                    }
                }).start()) {
            engine.awaitTermination();
            stats = engine.sourceStats();
            json = engine.statsJson();
            report = engine.detectionBudget().orElseThrow();
        }
        long busy = stats.get("busy").motionDetections();
        long walking = stats.get("walk").motionDetections();
        long nobody = stats.get("empty").motionDetections();
        for (String name : List.of("busy", "walk", "empty")) {
            assertEquals(BUDGET_FRAMES, stats.get(name).motionChecked(), name + " read every frame");
            assertEquals(detected.getOrDefault(name, List.of()).size(), stats.get(name).motionDetections(), name + ": the stats count what ran");
        }
        DetectionBudget.Share busyShare = report.sources().get(0);
        DetectionBudget.Share walkShare = report.sources().get(1);
        DetectionBudget.Share emptyShare = report.sources().get(2);
        // Busy: it asks for every frame (80) and is sure of 10 - 1 - 1 = 8 a second while the quiet ones sit
        // still, and is lent what of their floors they leave unused; never more than the budget leaves the others.
        assertTrue(busyShare.asked() >= BUDGET_FRAMES - 2, "the busy street moves in every frame: " + busyShare);
        assertTrue(busyShare.refused() > 0, "the budget held the busy camera: " + busyShare);
        assertTrue(busyShare.lent() > 0, "the empty street's unused floor was lent to it: " + busyShare);
        assertTrue(busy >= 6 * BUDGET_SECONDS, "it had most of the budget: " + busy + " detections");
        assertTrue(busy > 0.7 * (busy + walking + nobody), "the busy camera got most of it: " + busy + " of " + (busy + walking + nobody) + " " + report);
        // Never more than the budget, each camera's full bucket (2) and the credit an onset may take (2).
        assertTrue(busy + walking + nobody <= 3 * (2 + 2) + 10 * BUDGET_SECONDS, "the budget as a whole: " + (busy + walking + nobody) + " " + report);
        // The walker's camera is looked at at its floor (1 a second) at least while the person walks (frames
        // 40-79, 4 s), and from a full bucket the first moving frames at once.
        long duringWalk = detected.getOrDefault("walk", List.of()).stream()
                .filter(i -> i >= QuietClip.PERSON_FROM && i < QuietClip.PERSON_TO).count();
        assertTrue(duringWalk >= 4, "the walk was detected at the floor at least: " + detected.get("walk"));
        assertTrue(detected.get("walk").stream().anyMatch(i -> i >= QuietClip.PERSON_FROM && i <= QuietClip.PERSON_FROM + 3),
                "the person was looked at within 3 frames of appearing: " + detected.get("walk"));
        assertTrue(walkShare.refused() > 0, "the walker asked for more than its floor: " + walkShare);
        // Nobody: the first frame and confirmations of what stands in the street every 2 s, under its floor: never refused.
        assertEquals(0, emptyShare.refused(), "the empty street got all it asked for: " + emptyShare);
        assertEquals(emptyShare.granted(), nobody);
        assertTrue(nobody >= 1 && nobody <= 1 + BUDGET_SECONDS / 2, "first frame and confirmations: " + detected.get("empty"));
        // What a user reads: who was short, in the stats JSON and the summary.
        assertEquals(List.of("busy", "walk"), report.shortSources());
        assertEquals("[\"busy\",\"walk\"]", json.at("/budget/short").toString());
        assertEquals(10.0, json.at("/budget/per_second").asDouble());
        assertEquals(busyShare.refused(), json.at("/sources/busy/budget/refused").asLong());
        assertEquals(busy, json.at("/sources/busy/motion/detections_run").asLong());
        assertTrue(report.summaryLines().get(1).startsWith("detection budget short: busy got " + busy + " of the "), report.summaryLines().toString());
    }
}
