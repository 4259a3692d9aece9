package dev.vigia.pipeline.source;

/**
 * @param name what the user gave ({@code vtest.avi}, {@code rtsp://cam/1}, {@code webcam:0})
 * @param fps frames per second as the source declares it (30 when it declares none)
 * @param live whether frames arrive in real time (latest frame wins) rather than on demand
 * @param frameCount frames in the source, or -1 when unknown
 */
public record SourceInfo(String name, int width, int height, double fps, boolean live, long frameCount) {}
