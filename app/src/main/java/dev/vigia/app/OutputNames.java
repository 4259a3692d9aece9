package dev.vigia.app;

import java.nio.file.Path;

/** File names for a source's outputs: the file's base name, or a cleaned-up stream address. */
final class OutputNames {

    private OutputNames() {}

    static String base(String source) {
        if (source.contains("://") || source.startsWith("webcam")) {
            String cleaned = source.replaceFirst("^[a-zA-Z]+://", "").replaceAll("[^A-Za-z0-9._-]+", "_");
            return cleaned.replaceAll("^_+|_+$", "");
        }
        String name = Path.of(source.replace("*", "all").replace("?", "any")).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
