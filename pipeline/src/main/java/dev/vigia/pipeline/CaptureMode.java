package dev.vigia.pipeline;

/**
 * How capture feeds the ring.
 *
 * <ul>
 *   <li>{@link #FILE}: lossless. Every frame is processed; capture waits when the ring is full.
 *   <li>{@link #LIVE}: latest frame wins. When the stages are busy, capture drops the new frame
 *       (and counts it) instead of queueing it, so latency stays bounded.
 * </ul>
 */
public enum CaptureMode { FILE, LIVE }
