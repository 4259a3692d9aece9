package dev.vigia.pipeline.scenes;

/** Where an actor's alpha counts as the actor: for the ground truth box and the visibility. */
final class ActorMask {

    /** Alpha (0..255) at and above which a pixel is the actor's. */
    static final int OPAQUE = 128;

    private ActorMask() {}
}
