package dev.vigia.pipeline.precision;

import dev.vigia.config.VigiaHome;
import dev.vigia.models.catalog.ModelCatalog;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.store.NpmPackageFetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A store in a temporary folder holding copies of cached models, so that decisions are stored there, not in the shared cache. */
final class ModelCopies {

    private ModelCopies() {}

    /** A store under {@code dir}/models with a copy of each cached model in {@code ids} (without any stored decisions). */
    static ModelStore storeWith(Path dir, String... ids) throws IOException {
        for (String id : ids) {
            Path cached = ModelStore.standard().ensure(id).folder();
            Path copy = dir.resolve("models").resolve(id);
            try (Stream<Path> walk = Files.walk(cached)) {
                for (Path from : walk.toList()) {
                    Path relative = cached.relativize(from);
                    if (relative.startsWith("precision")) {
                        continue;
                    }
                    Path to = copy.resolve(relative.toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to);
                    }
                }
            }
        }
        return new ModelStore(dir.resolve("models"), ModelCatalog.builtIn(), NpmPackageFetcher.standard(VigiaHome.resolve().resolve("downloads")));
    }
}
