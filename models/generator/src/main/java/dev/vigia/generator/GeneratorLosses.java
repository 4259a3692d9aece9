package dev.vigia.generator;

/** The losses of one training step: the discriminator's (all terms), the generator's, the matching-aware term and the attribute term. */
public record GeneratorLosses(float discriminator, float generator, float matching, float attributes) {}
