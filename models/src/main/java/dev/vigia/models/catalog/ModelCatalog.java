package dev.vigia.models.catalog;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.YamlConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The named models Vigía knows how to fetch, read from the {@code catalog.yaml} resource. */
public final class ModelCatalog {

    private static final String RESOURCE = "/dev/vigia/models/catalog.yaml";

    /**
     * The YAML file's shape: model id to spec (the id is filled in from the key), and templates
     * for families that have no fetchable model, which imported models of that family start from.
     */
    record CatalogFile(Map<String, ModelSpec> models, Map<String, ModelSpec> families) {}

    private final Map<String, ModelSpec> models;
    private final Map<String, ModelSpec> familyTemplates;

    private ModelCatalog(Map<String, ModelSpec> models, Map<String, ModelSpec> familyTemplates) {
        this.models = models;
        this.familyTemplates = familyTemplates;
    }

    public static ModelCatalog builtIn() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The model catalog resource " + RESOURCE + " is missing from the build");
            }
            CatalogFile file = YamlConfig.read(in, "model catalog " + RESOURCE, CatalogFile.class);
            Map<String, ModelSpec> byId = new LinkedHashMap<>();
            file.models().forEach((id, spec) -> byId.put(id, spec.withId(id)));
            Map<String, ModelSpec> templates = new LinkedHashMap<>();
            if (file.families() != null) {
                file.families().forEach((family, spec) -> templates.put(family, spec.withId(family)));
            }
            return new ModelCatalog(byId, templates);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the model catalog " + RESOURCE, e);
        }
    }

    /** This catalog with one entry added or replaced, as a later release of the catalog would have it. */
    public ModelCatalog with(ModelSpec entry) {
        Map<String, ModelSpec> changed = new LinkedHashMap<>(models);
        changed.put(entry.id(), entry);
        return new ModelCatalog(changed, familyTemplates);
    }

    public Collection<ModelSpec> all() {
        return models.values();
    }

    public Optional<ModelSpec> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public ModelSpec get(String id) {
        return find(id).orElseThrow(() -> new InvalidSettingException(Setting.MODEL_IMPORT, id, "Unknown model '" + id + "'; known models: "
                + String.join(", ", models.keySet()) + " (or a model you import)"));
    }

    /** The settings an imported model of a family starts from: the family's template, else its first catalog model. */
    public Optional<ModelSpec> template(String family) {
        if (familyTemplates.containsKey(family)) {
            return Optional.of(familyTemplates.get(family));
        }
        return models.values().stream().filter(spec -> spec.family().equals(family)).findFirst();
    }

    public List<String> families() {
        List<String> families = new ArrayList<>();
        models.values().forEach(spec -> {
            if (!families.contains(spec.family())) {
                families.add(spec.family());
            }
        });
        familyTemplates.keySet().forEach(family -> {
            if (!families.contains(family)) {
                families.add(family);
            }
        });
        return families;
    }
}
