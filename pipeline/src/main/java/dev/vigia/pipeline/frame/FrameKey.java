package dev.vigia.pipeline.frame;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A typed slot that a stage hangs on every frame, in the manner of Netty's {@code AttributeKey}:
 * masks, zone membership or super-resolved crops attach to {@link FrameEvent} without the event
 * class growing a field for each feature.
 *
 * <p>The value is made by {@code factory} the first time a ring slot is asked for it and then
 * reused for every frame that passes through that slot, like the slot's other buffers; the stage
 * that writes it clears or overwrites it per frame.
 *
 * @param <T> what the slot holds
 */
public final class FrameKey<T> {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final String name;
    private final Supplier<? extends T> factory;
    final int index;

    private FrameKey(String name, Supplier<? extends T> factory) {
        this.name = name;
        this.factory = factory;
        this.index = COUNT.getAndIncrement();
    }

    /** A new key; keep it in a constant, each call makes a different slot. */
    public static <T> FrameKey<T> of(String name, Supplier<? extends T> factory) {
        return new FrameKey<>(name, factory);
    }

    T create() {
        return factory.get();
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "FrameKey(" + name + ")";
    }
}
