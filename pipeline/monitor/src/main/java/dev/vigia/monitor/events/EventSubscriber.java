package dev.vigia.monitor.events;

/** Takes events from the {@link EventBus}, on the bus's own thread, in the order they happened. */
public interface EventSubscriber extends AutoCloseable {

    void onEvent(ObjectEvent event) throws Exception;

    /** A camera's connection changed (true: frames arrive). */
    default void onCameraStatus(String camera, boolean online) throws Exception {}

    /** As above, with why a camera is offline when the monitor knows (a stage kept failing on it; one line), else null. */
    default void onCameraStatus(String camera, boolean online, String reason) throws Exception {
        onCameraStatus(camera, online);
    }

    @Override
    default void close() throws Exception {}
}
