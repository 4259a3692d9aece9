package dev.vigia.models.store;

import dev.vigia.models.catalog.ModelCatalog;
import java.nio.file.Path;

/** Entry point for {@link ModelStoreTest}'s two-process test: force-pulls one model into a store. */
public final class PullInAnotherProcess {

    private PullInAnotherProcess() {}

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        Path downloads = Path.of(args[1]);
        InstalledModel model = new ModelStore(root, ModelCatalog.builtIn(), NpmPackageFetcher.standard(downloads))
                .pull(args[2], true);
        System.out.println("installed " + model.folder());
    }
}
