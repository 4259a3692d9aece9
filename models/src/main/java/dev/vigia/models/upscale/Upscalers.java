package dev.vigia.models.upscale;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.InferenceThreads;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.precision.CpuFeatures;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionChooser;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * Opens super-resolution models: by name and scale ({@code esrgan-slim} at 4 is the catalog's
 * {@code esrgan-slim-x4}) or by a full model id, pulling a catalog model on first use.
 */
public final class Upscalers {

    /** The models' family in the catalog. */
    public static final String FAMILY = "esrgan";
    public static final String DEFAULT_MODEL = "esrgan-slim";

    private Upscalers() {}

    /** The model {@code name} at {@code scale} (null: the id given is complete), loaded on {@code device}. */
    public static UpscalerModel load(ModelStore store, String name, Integer scale, DeviceChoice device) {
        return load(store, name, scale, device, Precision.FP32);
    }

    /** As {@link #load(ModelStore, String, Integer, DeviceChoice)}, run at {@code precision} (auto: as decided for this CPU, else fp32). */
    public static UpscalerModel load(ModelStore store, String name, Integer scale, DeviceChoice device, Precision precision) {
        String id = resolve(store, name, scale);
        ModelSpec spec = store.spec(id);
        requireUpscaler(spec);
        InstalledModel installed = store.ensure(id);
        UpscaleHead head = installed.spec().head(UpscaleHead.class);
        Precision run = new PrecisionChooser(CpuFeatures.thisMachine()).toRun(precision, installed.folder(), installed.savedModel());
        return new UpscalerModel(installed.spec(), head, SavedModelRunner.load(installed.savedModel(), device,
                InferenceThreads.tensorFlowDefault(), run));
    }

    /** The model id for {@code name} at {@code scale}; an unknown pair is an error listing the pairs there are. */
    public static String resolve(ModelStore store, String name, Integer scale) {
        List<String> ids = store.ids();
        String id = scale == null ? name : name + "-x" + scale;
        if (ids.contains(id)) {
            return id;
        }
        if (scale != null && ids.contains(name)) {
            Optional<ModelSpec> spec = specOf(store, name);
            spec.ifPresent(Upscalers::requireUpscaler);
            if (spec.isPresent() && spec.get().head(UpscaleHead.class).scale() == scale) {
                return name;
            }
        }
        throw new InvalidSettingException(Setting.UPSCALER, id, "There is no super-resolution model '" + name + "'"
                + (scale == null ? "" : " at scale " + scale) + "; the models and scales there are: " + String.join(", ", pairs(store)));
    }

    /** Every upscaler as {@code name ×scale}, grouped by name: {@code esrgan-slim ×2 ×3 ×4 ×8}. */
    public static List<String> pairs(ModelStore store) {
        java.util.Map<String, StringBuilder> byName = new java.util.LinkedHashMap<>();
        for (String id : store.ids()) {
            specOf(store, id).filter(spec -> spec.family().equals(FAMILY)).ifPresent(spec -> {
                int scale = spec.head(UpscaleHead.class).scale();
                String name = id.endsWith("-x" + scale) ? id.substring(0, id.length() - ("-x" + scale).length()) : id;
                byName.computeIfAbsent(name, k -> new StringBuilder(k)).append(" x").append(scale);
            });
        }
        return byName.values().stream().map(StringBuilder::toString).toList();
    }

    private static Optional<ModelSpec> specOf(ModelStore store, String id) {
        try {
            return Optional.of(store.spec(id));
        } catch (UserError e) {
            return Optional.empty();
        }
    }

    private static void requireUpscaler(ModelSpec spec) {
        if (!spec.family().equals(FAMILY)) {
            throw new InvalidSettingException(Setting.UPSCALER, spec.id(), "Model '" + spec.id() + "' is of the " + spec.family()
                    + " family, not a super-resolution model; choose an " + FAMILY + " model (esrgan-slim, esrgan-medium, esrgan-thick)");
        }
    }

    /** Half of this machine's memory (or of the container's limit, which the JVM reports as the machine's). */
    public static long defaultMemoryLimit() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / 2;
    }
}
