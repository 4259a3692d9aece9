package dev.vigia.pipeline.track;

/** Lifecycle of a track in the Kalman trackers: new (tentative) → tracked (confirmed) ⇄ lost → removed. */
public enum TrackState { NEW, TRACKED, LOST, REMOVED }
