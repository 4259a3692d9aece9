package dev.vigia.models.catalog;

import dev.vigia.config.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Class id to name. Known sets by name ({@code coco80}; {@code coco91}, COCO's category ids as the
 * TF Object Detection API numbers them; {@code voc20}), a single name, or a one-per-line file.
 */
public final class LabelMap {

    private final List<String> names;

    private LabelMap(List<String> names) {
        this.names = List.copyOf(names);
    }

    public static LabelMap of(List<String> names) {
        return new LabelMap(names);
    }

    public static LabelMap resolve(String labels) {
        if (labels == null || labels.isBlank()) {
            throw new UserError("A model has no 'labels'; give a known set (coco80) or a labels file");
        }
        if (labels.equals("coco80")) {
            return fromResource("/dev/vigia/models/labels-coco80.txt");
        }
        if (labels.equals("coco91")) {
            return cocoByCategoryId();
        }
        if (labels.equals("voc20")) {
            return new LabelMap(List.of("aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
                    "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor"));
        }
        Path file = Path.of(labels);
        if (Files.isRegularFile(file)) {
            try {
                return new LabelMap(Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
            } catch (IOException e) {
                throw new UserError("Cannot read labels file " + file + ": " + e.getMessage());
            }
        }
        if (labels.contains("/") || labels.endsWith(".txt") || labels.endsWith(".names")) {
            throw new UserError("Labels file " + labels + " does not exist");
        }
        return new LabelMap(List.of(labels));
    }

    /** COCO's category ids 1..90 (the TF Object Detection API's label map): index = id, unused ids unnamed. */
    private static LabelMap cocoByCategoryId() {
        java.util.Set<Integer> unused = java.util.Set.of(12, 26, 29, 30, 45, 66, 68, 69, 71, 83);
        List<String> names = new java.util.ArrayList<>();
        names.add("background");
        java.util.Iterator<String> coco80 = fromResource("/dev/vigia/models/labels-coco80.txt").names().iterator();
        for (int id = 1; id <= 90; id++) {
            names.add(unused.contains(id) ? "class" + id : coco80.next());
        }
        return new LabelMap(names);
    }

    private static LabelMap fromResource(String resource) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                LabelMap.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            return new LabelMap(in.lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read label resource " + resource, e);
        }
    }

    public int size() {
        return names.size();
    }

    /** The name of a class id, or {@code class<id>} for ids past the end of the map. */
    public String name(int classId) {
        return classId >= 0 && classId < names.size() ? names.get(classId) : "class" + classId;
    }

    public List<String> names() {
        return names;
    }
}
