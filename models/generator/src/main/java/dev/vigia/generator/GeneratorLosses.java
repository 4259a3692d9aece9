package dev.vigia.generator;

/** The losses of one training step: the discriminator's (all terms), the generator's, the matching-aware term and the attribute term. */
public record GeneratorLosses(float discriminator, float generator, float matching, float attributes) {

    /** Whether every loss is a number: a GAN that diverged gives NaN or infinity and never comes back by itself. */
    public boolean finite() {
        return Float.isFinite(discriminator) && Float.isFinite(generator) && Float.isFinite(matching) && Float.isFinite(attributes);
    }
}
