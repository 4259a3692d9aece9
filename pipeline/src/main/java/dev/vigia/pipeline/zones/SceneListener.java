package dev.vigia.pipeline.zones;

/** Told what tracks did in a camera's zones and on its lines, as {@link SceneCounter} sees it happen. */
public interface SceneListener {

    default void lineCrossed(LineCounter line, int trackId, int classId, LineCounter.Direction direction) {}

    default void zoneChanged(ZoneCounter zone, int trackId, int classId, ZoneCounter.Change change) {}
}
