package dev.vigia.config;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The folder where Vigía keeps pulled models, sample media and DJL's native-library cache.
 *
 * <p>Resolved from the {@code vigia.home} system property, then the {@code VIGIA_HOME}
 * environment variable, then {@code ~/.cache/vigia}.
 */
public final class VigiaHome {

    public static final String PROPERTY = "vigia.home";
    public static final String ENVIRONMENT = "VIGIA_HOME";

    private VigiaHome() {}

    public static Path resolve() {
        String fromProperty = System.getProperty(PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Paths.get(fromProperty).toAbsolutePath();
        }
        String fromEnvironment = System.getenv(ENVIRONMENT);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Paths.get(fromEnvironment).toAbsolutePath();
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "vigia");
    }

    public static Path models() {
        return resolve().resolve("models");
    }

    public static Path samples() {
        return resolve().resolve("samples");
    }

    public static Path djlCache() {
        return resolve().resolve("djl");
    }

    /** Points DJL's cache (engines' native libraries) here unless the user chose one, and keeps DJL off the network. */
    public static void prepareDjl() {
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", djlCache().toString());
        }
        System.setProperty("ai.djl.offline", "true");
    }
}
