package dev.vigia.models.convert;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.models.catalog.InputSpec;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.catalog.Preprocessing;
import dev.vigia.models.darknet.DarknetConverter;
import dev.vigia.models.darknet.DarknetModel;
import dev.vigia.models.faceapi.FaceApiGraphs;
import dev.vigia.models.files.FileTrees;
import dev.vigia.models.graph.GraphBuilder;
import dev.vigia.models.tfjs.NamedWeights;
import dev.vigia.models.tfjs.SavedModelWriter;
import dev.vigia.models.tfjs.TfjsGraphConverter;
import dev.vigia.models.tfjs.TfjsLayersConverter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes the SavedModel that DJL loads from a model in any importable format, and completes the
 * model's spec with what only the files know (a Darknet network's input size and anchors).
 */
public final class ModelConverter {

    private static final float[] ZERO = {0, 0, 0};
    private static final float[] UNIT_RANGE = {255, 255, 255};

    private ModelConverter() {}

    public static ModelSpec convert(ModelSpec spec, ModelFiles files, Path savedModelDir) throws IOException {
        switch (files.format()) {
            case ModelFiles.SAVED_MODEL -> FileTrees.copySavedModel(files.model().getParent(), savedModelDir);
            case ModelFiles.TFJS_GRAPH -> TfjsGraphConverter.convert(files.model(), savedModelDir);
            case ModelFiles.TFJS_WEIGHTS -> {
                return faceApi(spec, files.model(), savedModelDir);
            }
            case ModelFiles.DARKNET -> {
                return darknet(spec, files, savedModelDir);
            }
            case ModelFiles.TFJS_LAYERS -> TfjsLayersConverter.convert(files.model(), savedModelDir);
            default -> throw new UserError("Model format '" + files.format() + "' cannot be converted");
        }
        return spec.withFormat(files.format(), null);
    }

    private static ModelSpec faceApi(ModelSpec spec, Path manifest, Path savedModelDir) throws IOException {
        NamedWeights weights = NamedWeights.read(manifest);
        String architecture = spec.architecture() != null ? spec.architecture() : FaceApiGraphs.architectureOf(weights.names(), manifest);
        GraphBuilder graph = FaceApiGraphs.build(architecture, weights, spec.input().width());
        SavedModelWriter.write(graph.graph(), graph.signature(), savedModelDir);
        return spec.withFormat(ModelFiles.TFJS_WEIGHTS, architecture);
    }

    private static ModelSpec darknet(ModelSpec spec, ModelFiles files, Path savedModelDir) throws IOException {
        if (!spec.family().equals(ModelFiles.DARKNET_FAMILY)) {
            throw new InvalidSettingException(Setting.FAMILY, ModelFiles.DARKNET_FAMILY, "A Darknet model is a "
                    + ModelFiles.DARKNET_FAMILY + " model, not " + spec.family());
        }
        DarknetModel model = DarknetConverter.convert(files.model(), files.weights());
        SavedModelWriter.write(model.graph().graph(), model.graph().signature(), savedModelDir);
        return spec.withFormat(ModelFiles.DARKNET, null).withNetwork(
                "Darknet " + files.model().getFileName() + ", " + model.classes() + " classes, " + model.width() + "x" + model.height(),
                new InputSpec(model.width(), model.height(), InputSpec.TensorLayout.NHWC),
                new Preprocessing(Preprocessing.ResizeMode.STRETCH, Preprocessing.ColorOrder.RGB, ZERO, UNIT_RANGE),
                model.head()).withLabels(darknetLabels(spec.labels(), model.classes(), files.model()));
    }

    /** The labels given on import, or the known set a Darknet class count implies. */
    private static String darknetLabels(String given, int classes, Path cfg) {
        if (given != null && !given.equals("coco80")) {
            int named = LabelMap.resolve(given).size();
            if (named != classes) {
                throw new UserError("Labels '" + given + "' name " + named + " classes but " + cfg + " predicts " + classes
                        + "; give a labels file with one name per class, in the cfg's order");
            }
            return given;
        }
        return switch (classes) {
            case 80 -> "coco80";
            case 20 -> "voc20";
            default -> throw new InvalidSettingException(Setting.LABELS, cfg + " predicts " + classes
                    + " classes, so their names are needed (a file of one name per line, in the cfg's class order)");
        };
    }
}
