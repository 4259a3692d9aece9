package dev.vigia.monitor.camera;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.monitor.events.ObjectEvent;
import dev.vigia.monitor.storage.WriteFailures;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.track.Tracks;
import dev.vigia.pipeline.upscale.CropUpscaler;
import dev.vigia.pipeline.zones.LineCounter;
import dev.vigia.pipeline.zones.Polygon;
import dev.vigia.pipeline.zones.SceneCounter;
import dev.vigia.pipeline.zones.SceneListener;
import dev.vigia.pipeline.zones.ZoneCounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's scene after tracking: zones and lines counted on the confirmed tracks, each
 * object's events, its snapshot (from the clean frame), and the figures of this frame that
 * {@link ZoneAnnotator} and {@link LineAnnotator} draw under the boxes. Zones given as fractions are laid on the frame's size when the first frame arrives (and
 * again if a camera comes back at another size).
 */
public final class SceneStage implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(SceneStage.class);

    private final MonitorSetup.CameraSetup camera;
    private final LabelMap labels;
    private final CameraState state;
    private final TrackedObjects objects;
    private final SnapshotFiles snapshots;
    private SceneCounter scene;
    private int sceneWidth;
    private int sceneHeight;
    private double now;

    /**
     * @param snapshotRoot where {@code CAMERA/EVENT.jpg} snapshots go, or null for none
     * @param upscaler super-resolves small snapshots, or null for none
     * @param failures where snapshot writes that fail are counted (they never stop the camera)
     * @param clips the camera's clip recorder, or null for none
     */
    public SceneStage(MonitorSetup.CameraSetup camera, String fileStem, LabelMap labels, CameraState state, Path snapshotRoot,
            CropUpscaler upscaler, WriteFailures failures, ClipRecorder clips, double endAfterSeconds, Consumer<ObjectEvent> publish) {
        this.camera = camera;
        this.labels = labels;
        this.state = state;
        this.snapshots = snapshotRoot == null ? null : new SnapshotFiles(snapshotRoot, camera.name(), fileStem, upscaler, failures);
        this.objects = new TrackedObjects(camera.name(), labels, endAfterSeconds, snapshots, clips, publish);
    }

    @Override
    public String name() {
        return "scene";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) throws Exception {
        int width = event.image.cols();
        int height = event.image.rows();
        if (scene == null || width != sceneWidth || height != sceneHeight) {
            scene = layOut(width, height);
            sceneWidth = width;
            sceneHeight = height;
        }
        now = camera.startTime() == null ? System.currentTimeMillis() / 1000.0
                : camera.startTime().toEpochMilli() / 1000.0 + event.timestampMicros / 1e6;
        if (event.detected) {
            state.detected();
        }
        scene.beginFrame(now);
        Tracks tracks = event.tracks;
        for (int i = 0; i < tracks.size(); i++) {
            TrackedObjects.Tracked object = objects.seen(tracks.id(i), tracks.classId(i), tracks.score(i),
                    tracks.x1(i), tracks.y1(i), tracks.x2(i), tracks.y2(i), now);
            if (event.detected && objects.wantsSnapshot(object, now)) {
                Path file = snapshots.write(event.image, object.box, object.id);
                if (file != null) {
                    objects.snapshotTaken(object, file, now);
                }
            }
            objects.announce(object, now);
            scene.observe(tracks.id(i), tracks.classId(i), tracks.x1(i), tracks.y1(i), tracks.x2(i), tracks.y2(i));
        }
        scene.endFrame();
        objects.endUnseen(now, scene::forget);
        state.scene(scene.toJson(labels::name), objects.active(), scene.zones().stream().mapToInt(ZoneCounter::occupancy).sum());
        // Drawn by ZoneAnnotator and LineAnnotator on the rendered copy, from the figures of this frame.
        SceneFigures.take(event, scene);
    }

    @Override
    public void onStop() {
        // A recording's objects end at its last frame; a live camera's now.
        objects.endAll(camera.startTime() == null || now == 0 ? System.currentTimeMillis() / 1000.0 : now);
    }

    private SceneCounter layOut(int width, int height) {
        List<LineCounter> lines = new ArrayList<>();
        for (MonitorSetup.LineSetup line : camera.lines()) {
            double[][] p = line.shape().inPixels(width, height);
            lines.add(new LineCounter(line.name(), p[0][0], p[0][1], p[1][0], p[1][1], line.minFrames(), line.anchor(),
                    classes(line.objects())));
        }
        List<ZoneCounter> zones = new ArrayList<>();
        for (MonitorSetup.ZoneSetup zone : camera.zones()) {
            zones.add(new ZoneCounter(zone.name(), Polygon.of(zone.shape().inPixels(width, height)), zone.anchor(), zone.inertia(),
                    zone.loiteringSeconds(), classes(zone.objects())));
        }
        if (scene != null) {
            LOG.info("Camera {} is now {}x{}: its zones and lines are laid out again", camera.name(), width, height);
        }
        return new SceneCounter(lines, zones, new SceneListener() {
            @Override
            public void lineCrossed(LineCounter line, int trackId, int classId, LineCounter.Direction direction) {
                objects.lineCrossed(trackId, line.name(), direction.key(), now);
            }

            @Override
            public void zoneChanged(ZoneCounter zone, int trackId, int classId, ZoneCounter.Change change) {
                switch (change) {
                    case ENTERED -> objects.zoneEntered(trackId, zone.name(), now);
                    case EXITED -> objects.zoneLeft(trackId, zone.name(), now);
                    case LOITERING -> objects.loitering(trackId, zone.name(), now);
                }
            }
        });
    }

    private static IntPredicate classes(Set<Integer> ids) {
        return ids.isEmpty() ? c -> true : ids::contains;
    }
}
