package dev.vigia.models.store;

import dev.vigia.models.catalog.ModelSpec;
import java.nio.file.Path;

/** A model converted and verified in the cache: its spec and its SavedModel folder. */
public record InstalledModel(ModelSpec spec, Path savedModel, Path folder) {}
