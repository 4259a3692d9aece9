package dev.vigia.models.darknet;

import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Darknet {@code .cfg} file: the {@code [net]} section, then one section per layer, in order. */
public final class DarknetCfg {

    /** One {@code [type]} section with its {@code key=value} options and the line it starts on. */
    public record Section(String type, Map<String, String> options, int line, Path file) {

        public int integer(String key, int fallback) {
            String value = options.get(key);
            try {
                return value == null ? fallback : Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw error("'" + key + "=" + value + "' is not a whole number");
            }
        }

        public float number(String key, float fallback) {
            String value = options.get(key);
            try {
                return value == null ? fallback : Float.parseFloat(value.strip());
            } catch (NumberFormatException e) {
                throw error("'" + key + "=" + value + "' is not a number");
            }
        }

        public String text(String key, String fallback) {
            return options.getOrDefault(key, fallback).strip();
        }

        /** A comma-separated list of numbers; empty when the key is absent. */
        public float[] numbers(String key) {
            String value = options.get(key);
            if (value == null || value.isBlank()) {
                return new float[0];
            }
            String[] parts = value.split(",");
            float[] numbers = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    numbers[i] = Float.parseFloat(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw error("'" + key + "=" + value + "' is not a list of numbers");
                }
            }
            return numbers;
        }

        public UserError error(String problem) {
            return new UserError(file + " line " + line + " [" + type + "]: " + problem);
        }
    }

    private final Section net;
    private final List<Section> layers;

    private DarknetCfg(Section net, List<Section> layers) {
        this.net = net;
        this.layers = layers;
    }

    public static DarknetCfg read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError("Darknet cfg " + file + " does not exist");
        }
        List<Section> sections = new ArrayList<>();
        String type = null;
        Map<String, String> options = null;
        int start = 0;
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new UserError(file + " line " + (i + 1) + ": '" + line + "' is not a [section] header");
                }
                if (type != null) {
                    sections.add(new Section(type, options, start, file));
                }
                type = line.substring(1, line.length() - 1).strip();
                options = new LinkedHashMap<>();
                start = i + 1;
            } else {
                int equals = line.indexOf('=');
                if (type == null || equals < 0) {
                    throw new UserError(file + " line " + (i + 1) + ": '" + line + "' is neither a [section] nor key=value");
                }
                options.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        if (type != null) {
            sections.add(new Section(type, options, start, file));
        }
        if (sections.isEmpty() || !(sections.get(0).type().equals("net") || sections.get(0).type().equals("network"))) {
            throw new UserError(file + " is not a Darknet cfg: it does not start with a [net] section");
        }
        return new DarknetCfg(sections.get(0), List.copyOf(sections.subList(1, sections.size())));
    }

    public Section net() {
        return net;
    }

    public List<Section> layers() {
        return layers;
    }
}
