package dev.vigia.models.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigia.config.UserError;
import dev.vigia.models.tfjs.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a model to import and the format they are in, recognised from the files
 * themselves: a SavedModel folder, a TF.js graph or layers model ({@code model.json}), a TF.js
 * weights-only manifest (a JSON array), or a Darknet {@code .cfg} with its {@code .weights}.
 *
 * @param model the file the format starts from (saved_model.pb, the JSON, the cfg)
 * @param weights the Darknet weights; null for the other formats
 */
public record ModelFiles(String format, Path model, Path weights) {

    public static final String SAVED_MODEL = "saved-model";
    public static final String TFJS_GRAPH = "tfjs-graph";
    public static final String TFJS_LAYERS = "tfjs-layers";
    public static final String TFJS_WEIGHTS = "tfjs-weights";
    public static final String DARKNET = "darknet";
    /**
     * The detector family every Darknet model is (DetectorFamily.YOLO's id, written here because
     * conversion sits below the detectors and must not depend on them).
     */
    public static final String DARKNET_FAMILY = "yolo";

    public static ModelFiles recognise(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new UserError("Cannot import " + path + ": no such file or folder");
        }
        return Files.isDirectory(path) ? inFolder(path) : ofFile(path);
    }

    private static ModelFiles inFolder(Path folder) throws IOException {
        if (Files.isRegularFile(folder.resolve("saved_model.pb"))) {
            return new ModelFiles(SAVED_MODEL, folder.resolve("saved_model.pb"), null);
        }
        if (Files.isRegularFile(folder.resolve("model.json"))) {
            return ofFile(folder.resolve("model.json"));
        }
        List<Path> cfgs = withSuffix(folder, ".cfg");
        List<Path> manifests = withSuffix(folder, "manifest.json");
        if (cfgs.size() == 1) {
            return darknet(cfgs.get(0), only(withSuffix(folder, ".weights"), folder, ".weights"));
        }
        if (manifests.size() == 1) {
            return ofFile(manifests.get(0));
        }
        throw new UserError("Cannot import " + folder + ": it holds no saved_model.pb, model.json, weights manifest, or single "
                + "Darknet .cfg; give the model's file instead of the folder");
    }

    private static ModelFiles ofFile(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.equals("saved_model.pb")) {
            return new ModelFiles(SAVED_MODEL, file, null);
        }
        if (name.endsWith(".cfg")) {
            return darknet(file, sibling(file, ".cfg", ".weights"));
        }
        if (name.endsWith(".weights")) {
            return darknet(sibling(file, ".weights", ".cfg"), file);
        }
        if (name.endsWith(".json")) {
            return ofJson(file);
        }
        throw new UserError("Cannot import " + file + ": Vigía imports a SavedModel folder, a TF.js model.json or weights "
                + "manifest, or a Darknet .cfg with its .weights");
    }

    private static ModelFiles ofJson(Path file) throws IOException {
        JsonNode root = JsonFiles.read(file);
        if (root.isArray()) {
            return new ModelFiles(TFJS_WEIGHTS, file, null);
        }
        JsonNode topology = root.path("modelTopology");
        if (topology.has("node")) {
            return new ModelFiles(TFJS_GRAPH, file, null);
        }
        if ((root.path("format").asText().equals("layers-model") || topology.has("model_config")
                || topology.has("class_name"))) {
            return new ModelFiles(TFJS_LAYERS, file, null);
        }
        throw new UserError(file + " is neither a TF.js graph or layers model nor a weights manifest");
    }

    private static ModelFiles darknet(Path cfg, Path weights) {
        if (!Files.isRegularFile(cfg)) {
            throw new UserError("Darknet cfg " + cfg + " does not exist; put the .cfg beside the .weights with the same name");
        }
        if (!Files.isRegularFile(weights)) {
            throw new UserError("Darknet weights " + weights + " do not exist; put the .weights beside the .cfg with the same name");
        }
        return new ModelFiles(DARKNET, cfg, weights);
    }

    private static Path sibling(Path file, String suffix, String otherSuffix) {
        String name = file.getFileName().toString();
        return file.resolveSibling(name.substring(0, name.length() - suffix.length()) + otherSuffix);
    }

    private static List<Path> withSuffix(Path folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Path only(List<Path> files, Path folder, String suffix) {
        if (files.size() != 1) {
            throw new UserError(folder + " holds " + files.size() + " " + suffix + " files; give the .cfg file to import");
        }
        return files.get(0);
    }
}
