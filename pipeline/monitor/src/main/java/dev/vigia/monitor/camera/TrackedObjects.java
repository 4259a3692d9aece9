package dev.vigia.monitor.camera;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.monitor.events.ObjectEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * The life of each tracked object on one camera, as events: {@code new} when a confirmed track
 * first appears, {@code update} when it enters or leaves a zone, loiters, crosses a line or is seen
 * better than in its snapshot, and {@code end} once it has not been seen for {@code endAfterSeconds}.
 */
final class TrackedObjects {

    /** What is known of one object; mutable, touched by the scene stage's thread only. */
    static final class Tracked {
        final String id;
        final int trackId;
        final int classId;
        final double startTime;
        double lastSeen;
        float score;
        float topScore;
        final float[] box = new float[4];
        final Set<String> currentZones = new LinkedHashSet<>();
        final Set<String> enteredZones = new LinkedHashSet<>();
        Path snapshot;
        double snapshotTime;
        float snapshotScore;
        Path clip;
        boolean announced;

        Tracked(String id, int trackId, int classId, double startTime) {
            this.id = id;
            this.trackId = trackId;
            this.classId = classId;
            this.startTime = startTime;
        }
    }

    private final String camera;
    private final LabelMap labels;
    private final double endAfterSeconds;
    private final Consumer<ObjectEvent> publish;
    private final Map<Integer, Tracked> live = new HashMap<>();
    private final SnapshotFiles snapshots;
    private final ClipRecorder clips;

    TrackedObjects(String camera, LabelMap labels, double endAfterSeconds, SnapshotFiles snapshots, ClipRecorder clips,
            Consumer<ObjectEvent> publish) {
        this.camera = camera;
        this.labels = labels;
        this.endAfterSeconds = endAfterSeconds;
        this.snapshots = snapshots;
        this.clips = clips;
        this.publish = publish;
    }

    /** A confirmed track on this frame; returns it, made on its first appearance (announce it with {@link #announce}). */
    Tracked seen(int trackId, int classId, float score, float x1, float y1, float x2, float y2, double now) {
        Tracked object = live.get(trackId);
        if (object == null) {
            object = new Tracked(camera + "-" + Math.round(now * 1000) + "-" + trackId, trackId, classId, now);
            live.put(trackId, object);
        }
        object.lastSeen = now;
        object.score = score;
        object.topScore = Math.max(object.topScore, score);
        object.box[0] = x1;
        object.box[1] = y1;
        object.box[2] = x2;
        object.box[3] = y2;
        if (clips != null) {
            Path clip = clips.objectsActive(true);
            object.clip = object.clip == null ? clip : object.clip;
        }
        return object;
    }

    /** Publishes the {@code new} event of an object seen for the first time (after its first snapshot); later calls do nothing. */
    void announce(Tracked object, double now) {
        if (!object.announced) {
            object.announced = true;
            publish.accept(event(object, "new", null, null, null, null, now, 0));
        }
    }

    /** Whether {@code object}'s snapshot should be taken again: a first one, or a clearly better score a second later. */
    boolean wantsSnapshot(Tracked object, double now) {
        return snapshots != null && (object.snapshot == null
                || (object.score > object.snapshotScore + 0.05f && now - object.snapshotTime >= 1));
    }

    /** Records a new snapshot; announces it as an update unless the object is new on this frame. */
    void snapshotTaken(Tracked object, Path file, double now) {
        boolean better = object.announced;
        object.snapshot = file;
        object.snapshotTime = now;
        object.snapshotScore = object.score;
        if (better) {
            publish.accept(event(object, "update", "better_snapshot", null, null, null, now, 0));
        }
    }

    void zoneEntered(int trackId, String zone, double now) {
        Tracked object = live.get(trackId);
        if (object != null) {
            object.currentZones.add(zone);
            object.enteredZones.add(zone);
            publish.accept(event(object, "update", "zone_entered", zone, null, null, now, 0));
        }
    }

    void zoneLeft(int trackId, String zone, double now) {
        Tracked object = live.get(trackId);
        if (object != null) {
            object.currentZones.remove(zone);
            publish.accept(event(object, "update", "zone_left", zone, null, null, now, 0));
        }
    }

    void loitering(int trackId, String zone, double now) {
        Tracked object = live.get(trackId);
        if (object != null) {
            publish.accept(event(object, "update", "loitering", zone, null, null, now, 0));
        }
    }

    void lineCrossed(int trackId, String line, String direction, double now) {
        Tracked object = live.get(trackId);
        if (object != null) {
            publish.accept(event(object, "update", "line_crossed", null, line, direction, now, 0));
        }
    }

    /** Ends the objects unseen for too long; {@code forget} is told each ended track id. */
    void endUnseen(double now, IntConsumer forget) {
        end(object -> now - object.lastSeen >= endAfterSeconds, now, forget);
    }

    /** Ends every object: the camera stops at {@code now}. */
    void endAll(double now) {
        end(object -> true, now, id -> {});
    }

    private void end(Predicate<Tracked> ended, double now, IntConsumer forget) {
        for (Iterator<Tracked> it = live.values().iterator(); it.hasNext(); ) {
            Tracked object = it.next();
            if (ended.test(object)) {
                it.remove();
                forget.accept(object.trackId);
                publish.accept(event(object, "end", null, null, null, null, now, object.lastSeen));
            }
        }
        if (clips != null) {
            clips.objectsActive(!live.isEmpty());
        }
    }

    int active() {
        return live.size();
    }

    private ObjectEvent event(Tracked o, String type, String reason, String zone, String line, String direction, double now,
            double endTime) {
        String snapshot = o.snapshot == null ? null : o.snapshot.toString();
        String snapshotUrl = o.snapshot == null ? null : "/files/snapshots/" + snapshots.relative(o.snapshot);
        String clip = o.clip == null ? null : o.clip.toString();
        String clipUrl = o.clip == null ? null : "/files/clips/" + clips.relative(o.clip);
        return new ObjectEvent(type, reason, o.id, camera, o.trackId, labels.name(o.classId), o.score, o.topScore, o.box.clone(),
                List.copyOf(new ArrayList<>(o.currentZones)), List.copyOf(new ArrayList<>(o.enteredZones)), zone, line, direction,
                o.startTime, endTime, now, snapshot, snapshotUrl,
                clip, clipUrl);
    }
}
