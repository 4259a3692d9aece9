package dev.vigia.app.models;

import dev.vigia.app.common.TrustModelOption;
import dev.vigia.models.precision.CpuFeatures;
import dev.vigia.models.precision.PrecisionChooser;
import dev.vigia.config.YamlConfig;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, fetch, inspect, import and remove models (cached under $VIGIA_HOME/models).",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Pull.class, ModelsCommand.Info.class,
                ModelsCommand.Import.class, ModelsCommand.Remove.class})
public final class ModelsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String cacheState(ModelStore store, String id) {
        if (store.installed(id).isPresent()) {
            return "yes";
        }
        if (store.outdated(id)) {
            return "outdated";
        }
        return Files.exists(store.root().resolve(id)) ? "damaged" : "no";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show every known model and whether it is cached.")
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ModelStore store = ModelStore.standard();
            PrintWriter out = spec.commandLine().getOut();
            int idWidth = store.ids().stream().mapToInt(String::length).max().orElse(2);
            String format = "%-" + idWidth + "s  %-12s %-12s %-9s %-8s %-7s %s%n";
            out.printf(Locale.ROOT, format, "ID", "FAMILY", "FORMAT", "INPUT", "CLASSES", "CACHED", "SOURCE");
            for (String id : store.ids()) {
                try {
                    ModelSpec model = store.spec(id);
                    out.printf(Locale.ROOT, format, id, model.family(), model.format(),
                            model.input() == null ? "any" : model.input().width() + "x" + model.input().height(),
                            model.labels() == null ? "-" : String.valueOf(LabelMap.resolve(model.labels()).size()),
                            cacheState(store, id), model.source());
                } catch (RuntimeException e) {
                    // One unreadable entry must not hide the others; 'models remove ID' deletes it.
                    out.printf(Locale.ROOT, format, id, "?", "?", "?", "?", "damaged", "unreadable: 'vigia models remove " + id + "'");
                }
            }
            return 0;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "Fetch and convert a catalog model.")
    static final class Pull implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "Model id (see 'vigia models list').")
        String id;

        @Option(names = "--force", description = "Fetch and convert again even if the cached copy is intact.")
        boolean force;

        @Override
        public Integer call() {
            InstalledModel model = ModelStore.standard().pull(id, force);
            spec.commandLine().getOut().println(id + " is ready in " + model.folder());
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show a model's settings and cache state.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            ModelStore store = ModelStore.standard();
            // What the cached model was installed with, when it is; else what a pull would install.
            ModelSpec model = store.installedSpec(id).orElseGet(() -> store.spec(id));
            PrintWriter out = spec.commandLine().getOut();
            out.print(YamlConfig.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(model)
                    .replaceFirst("^---\\s*\\n", ""));
            Optional<InstalledModel> installed = store.installed(id);
            out.println("cached: " + cacheState(store, id) + (installed.isPresent() ? " (" + installed.get().folder() + ")" : ""));
            if (installed.isPresent()) {
                // What --precision auto runs this model at here: the decision stored for this CPU, if measured.
                CpuFeatures cpu = CpuFeatures.thisMachine();
                out.println("precision on this CPU (" + cpu.modelName() + "; native bf16: " + cpu.bf16Flags() + "): "
                        + new PrecisionChooser(cpu).storedOrFp32(installed.get().folder(), installed.get().savedModel()));
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Install a model from local files; the format is recognised from the files: a TensorFlow",
                    "SavedModel folder, a TF.js graph or layers (Keras) model (model.json + .bin shards), a TF.js",
                    "weights manifest of a network Vigía builds (face-api detectors), or a Darknet .cfg with its",
                    ".weights beside it. A SavedModel's graph and function library are checked against the ops",
                    "Vigía allows (those TF.js runs); one with other ops needs --trust-model."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH")
        Path path;

        @Option(names = "--id", paramLabel = "ID", description = "Model id (default: a catalog id matching the file name, or the file name).")
        String id;

        @Option(names = "--family", paramLabel = "F", description = "Decoder family for a model that is not in the catalog (yolo, ssd, faster-rcnn, nanodet, centernet); Darknet models are yolo.")
        String family;

        @Option(names = "--labels", paramLabel = "FILE|SET", description = "Class names: a file with one name per line, or coco80, coco91, voc20.")
        String labels;

        @Option(names = "--trust-model", description = TrustModelOption.DESCRIPTION)
        boolean trustModel;

        @Override
        public Integer call() {
            InstalledModel model = ModelStore.standard().importModel(path, id, family, labels, trustModel);
            spec.commandLine().getOut().println(model.spec().id() + " (" + model.spec().family() + ", " + model.spec().format()
                    + ") imported into " + model.folder());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a model from the cache.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            ModelStore store = ModelStore.standard();
            ModelStore.requireValidId(id);
            if (!store.ids().contains(id) && !Files.exists(store.root().resolve(id))) {
                store.spec(id);
            }
            boolean removed = store.remove(id);
            spec.commandLine().getOut().println(removed ? id + " removed" : id + " was not cached");
            return 0;
        }
    }
}
