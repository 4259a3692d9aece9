package dev.vigia.monitor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.zones.Anchor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorSetupTest {

    private static final LabelMap COCO = LabelMap.resolve("coco80");

    private static MonitorSetup load(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("cameras.yaml");
        Files.writeString(file, yaml);
        return MonitorSetup.load(file, COCO);
    }

    @Test
    void theShippedExampleLoadsWithoutProblems() {
        // This module sits two folders below the repository root (pipeline/monitor).
        Path example = Path.of(System.getProperty("user.dir")).getParent().getParent().resolve("config/monitor/cameras.yaml");
        MonitorSetup setup = MonitorSetup.load(example, COCO);
        assertEquals(List.of(), setup.problems());
        MonitorSetup.CameraSetup street = setup.cameras().get(0);
        assertEquals("sample:vtest.avi", street.url());
        assertEquals(Set.of(0), street.filter().classes(), "person is class 0 of COCO's 80");
        assertEquals(1, street.zones().size());
        assertEquals(1, street.lines().size());
        assertTrue(setup.mqtt() != null && setup.recordings() != null);
    }

    @Test
    void snapshotSuperResolutionHasDefaultsAndRefusesAScaleThatDoesNotExist(@TempDir Path dir) throws Exception {
        String camera = """
                cameras:
                  - name: door
                    url: rtsp://127.0.0.1:8554/door
                """;
        MonitorSetup defaults = load(dir, camera + "events: {super_resolution: {}}\n");
        assertEquals(new MonitorSetup.SnapshotUpscaling("esrgan-slim", 4, 160), defaults.snapshotUpscaling());
        MonitorSetup none = load(dir, camera + "events: {dir: events}\n");
        assertEquals(null, none.snapshotUpscaling());
        MonitorSetup wrong = load(dir, camera + "events: {super_resolution: {model: esrgan-medium, scale: 5}}\n");
        assertEquals(null, wrong.snapshotUpscaling());
        assertEquals(1, wrong.problems().size(), String.join("\n", wrong.problems()));
        assertTrue(wrong.problems().get(0).endsWith("events.super_resolution.scale: 5 is not 2, 3, 4 or 8; snapshots are not super-resolved"),
                wrong.problems().get(0));
    }

    @Test
    void valuesAreResolvedWithTheirDefaults(@TempDir Path dir) throws Exception {
        MonitorSetup setup = load(dir, """
                cameras:
                  - name: door
                    url: rtsp://127.0.0.1:8554/door
                    detect_fps: 2
                    filters: {classes: [person, car], min_area: 0.01}
                    zones:
                      - name: mat
                        points: [[0.1, 0.5], [0.9, 0.5], [0.9, 1.0], [0.1, 1.0]]
                        anchor: center
                    lines:
                      - name: sill
                        points: [[0, 400], [768, 400]]
                """);
        assertEquals(List.of(), setup.problems());
        MonitorSetup.CameraSetup door = setup.cameras().get(0);
        assertEquals(2, door.detectFps());
        assertEquals(Set.of(0, 2), door.filter().classes());
        MonitorSetup.ZoneSetup mat = door.zones().get(0);
        assertTrue(mat.shape().normalised());
        assertEquals(MonitorSetup.DEFAULT_INERTIA, mat.inertia());
        assertEquals(Anchor.CENTER, mat.anchor());
        assertEquals(691.2, mat.shape().inPixels(768, 576)[1][0], 1e-9, "0.9 of 768 pixels");
        assertEquals(288.0, mat.shape().inPixels(768, 576)[1][1], 1e-9, "0.5 of 576 pixels");
        MonitorSetup.LineSetup sill = door.lines().get(0);
        assertEquals(MonitorSetup.DEFAULT_MIN_FRAMES, sill.minFrames());
        assertEquals(Anchor.BOTTOM_CENTER, sill.anchor());
        assertEquals(20, setup.watchdog().toSeconds(), "the watchdog's default");
    }

    @Test
    void eachBadEntryIsOneLineNamingFileCameraAndKeyAndTheRestRuns(@TempDir Path dir) throws Exception {
        MonitorSetup setup = load(dir, """
                cameras:
                  - name: yard
                    url: rtsp://127.0.0.1:8554/yard
                    detect_fps: 500
                    filters: {classes: [persn, dog]}
                    zones:
                      - name: two
                        points: [[0, 0], [10, 0]]
                      - name: bowtie
                        points: [[0, 0], [10, 10], [10, 0], [0, 10]]
                      - name: good
                        points: [[0, 0], [10, 0], [10, 10]]
                    lines:
                      - name: dot
                        points: [[5, 5], [5, 5]]
                  - name: gate
                    url: rtsp://127.0.0.1:8554/gate
                """);
        List<String> problems = setup.problems();
        assertEquals(5, problems.size(), String.join("\n", problems));
        String file = dir.resolve("cameras.yaml").toString();
        problems.forEach(p -> assertTrue(p.startsWith(file + ": camera 'yard': "), p));
        assertTrue(problems.get(0).contains("detect_fps: 500.0 is out of range 0.1..60.0"), problems.get(0));
        assertTrue(problems.get(1).contains("filters.classes: unknown class 'persn' (did you mean 'person'?"), problems.get(1));
        assertTrue(problems.get(2).contains("zone 'two'.points: a zone needs at least 3 points, got 2"), problems.get(2));
        assertTrue(problems.get(3).contains("zone 'bowtie'.points: edges 0 and 2 cross; the polygon intersects itself"), problems.get(3));
        assertTrue(problems.get(4).contains("line 'dot'.points: both points are [5.0, 5.0]: a line of zero length"), problems.get(4));
        MonitorSetup.CameraSetup yard = setup.cameras().get(0);
        assertEquals(Set.of(16), yard.filter().classes(), "dog stays; persn is left out");
        assertEquals(List.of("good"), yard.zones().stream().map(MonitorSetup.ZoneSetup::name).toList());
        assertEquals(List.of(), yard.lines());
        assertEquals(MonitorSetup.DEFAULT_DETECT_FPS, yard.detectFps());
        assertEquals("gate", setup.cameras().get(1).name(), "the other camera runs as written");
    }

    @Test
    void aRecordingsStartTimeSetsItsClockAndIsRefusedOnALiveCamera(@TempDir Path dir) throws Exception {
        MonitorSetup setup = load(dir, """
                cameras:
                  - name: archive
                    url: /recordings/monday.mp4
                    mode: file
                    start_time: "2026-01-05T08:30:00+01:00"
                  - name: door
                    url: rtsp://127.0.0.1:8554/door
                    start_time: "2026-01-05T08:30:00Z"
                  - name: typo
                    url: /recordings/tuesday.mp4
                    mode: file
                    start_time: "monday morning"
                """);
        assertEquals(java.time.Instant.parse("2026-01-05T07:30:00Z"), setup.cameras().get(0).startTime());
        assertEquals(null, setup.cameras().get(1).startTime(), "a live camera keeps the wall clock");
        assertEquals(null, setup.cameras().get(2).startTime());
        List<String> problems = setup.problems();
        assertEquals(2, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).endsWith("camera 'door': start_time: is for recordings read with mode: file; this camera keeps "
                + "the wall clock"), problems.get(0));
        assertTrue(problems.get(1).endsWith("camera 'typo': start_time: 'monday morning' is not a time such as 2026-01-01T08:00:00Z;"
                + " using the wall clock"), problems.get(1));
    }

    @Test
    void aConfigWithoutAUsableCameraIsRefused(@TempDir Path dir) {
        UserError e = assertThrows(UserError.class, () -> load(dir, """
                cameras:
                  - name: nowhere
                """));
        assertTrue(e.getMessage().contains("no camera to watch") && e.getMessage().contains("camera 'nowhere': url: missing"),
                e.getMessage());
    }

    @Test
    void anUnknownKeyNamesTheNearestOne(@TempDir Path dir) {
        UserError e = assertThrows(UserError.class, () -> load(dir, """
                cameras:
                  - name: door
                    url: rtsp://x/y
                    detect_fsp: 5
                """));
        assertTrue(e.getMessage().contains("unknown key 'cameras[0].detect_fsp'") && e.getMessage().contains("did you mean 'detect_fps'"),
                e.getMessage());
    }

    /** Names become paths: one that could leave its folder or split into folders is one line, and only that entry is left out. */
    @Test
    void namesOutsideTheNameRuleAreLeftOutEachInOneLine(@TempDir Path dir) throws Exception {
        MonitorSetup setup = load(dir, """
                cameras:
                  - name: ../../../x
                    url: rtsp://127.0.0.1:8554/x
                  - name: lobby/east
                    url: rtsp://127.0.0.1:8554/lobby
                  - name: gate
                    url: rtsp://127.0.0.1:8554/gate
                    zones:
                      - name: "drive way"
                        points: [[0, 0], [10, 0], [10, 10]]
                      - name: drive_way
                        points: [[0, 0], [10, 0], [10, 10]]
                    lines:
                      - name: ".."
                        points: [[0, 5], [10, 5]]
                      - name: sill-1
                        points: [[0, 5], [10, 5]]
                """);
        List<String> problems = setup.problems();
        String file = dir.resolve("cameras.yaml") + ": ";
        assertEquals(List.of(
                file + "cameras[0].name: '../../../x' is not a valid camera name; " + dev.vigia.config.Names.RULE + "; the camera is left out",
                file + "cameras[1].name: 'lobby/east' is not a valid camera name; " + dev.vigia.config.Names.RULE + "; the camera is left out",
                file + "camera 'gate': zones[0].name: 'drive way' is not a valid zone name; " + dev.vigia.config.Names.RULE
                        + "; the zone is left out",
                file + "camera 'gate': lines[0].name: '..' is not a valid line name; " + dev.vigia.config.Names.RULE + "; the line is left out"),
                problems);
        assertEquals(List.of("gate"), setup.cameras().stream().map(MonitorSetup.CameraSetup::name).toList());
        assertEquals(List.of("drive_way"), setup.cameras().get(0).zones().stream().map(MonitorSetup.ZoneSetup::name).toList());
        assertEquals(List.of("sill-1"), setup.cameras().get(0).lines().stream().map(MonitorSetup.LineSetup::name).toList());
    }

    @Test
    void eventFilesHaveRetentionAndRotationDefaultsAndRanges(@TempDir Path dir) throws Exception {
        String camera = """
                cameras:
                  - name: door
                    url: rtsp://127.0.0.1:8554/door
                """;
        MonitorSetup.EventFiles defaults = load(dir, camera).eventFiles();
        assertEquals(new MonitorSetup.EventFiles(dir.resolve("monitor-events"), java.time.Duration.ofDays(7), 5_000_000_000L,
                100_000_000L, java.time.Duration.ofHours(24)), defaults);
        MonitorSetup set = load(dir, camera + "events: {dir: ev, retain_days: 2, max_gb: 0.5, rotate_mb: 10, rotate_hours: 0.5}\n");
        assertEquals(new MonitorSetup.EventFiles(dir.resolve("ev"), java.time.Duration.ofDays(2), 500_000_000L, 10_000_000L,
                java.time.Duration.ofMinutes(30)), set.eventFiles());
        MonitorSetup wrong = load(dir, camera + "events: {rotate_mb: 0}\n");
        assertEquals(List.of(dir.resolve("cameras.yaml") + ": events.rotate_mb: 0.0 is out of range 0.001..100000.0; using 100.0"),
                wrong.problems());
    }
}
