package dev.vigia.app.common;

import dev.vigia.models.detect.Detectors;
import dev.vigia.models.store.ModelStore;
import picocli.CommandLine.Option;

/**
 * {@code --trust-model}, for every command that takes a model by path: a SavedModel whose graph
 * holds ops outside the allow-list (file, network or process ops) is refused without it.
 */
public final class TrustModelOption {

    public static final String DESCRIPTION = "Install a SavedModel given by path even if its graph (or a function of its library) "
            + "holds ops outside Vigía's allow-list, such as file or network ops; only for a model from a source you trust.";

    @Option(names = "--trust-model", description = DESCRIPTION)
    public boolean trusted;

    /**
     * The detector to hand the library: with the flag, a model given by path is imported here,
     * trusted, and named by its id (without it the library imports it and refuses such ops).
     */
    public String detector(String idOrPath) {
        return trusted && idOrPath != null ? Detectors.resolve(ModelStore.standard(), idOrPath, true) : idOrPath;
    }
}
