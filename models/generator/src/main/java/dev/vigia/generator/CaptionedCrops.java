package dev.vigia.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Training data: square crops with a caption and the attributes the caption was built from, a
 * folder of PNGs with {@code captions.jsonl} ({@code {"file", "caption", "attributes": {NAME: VALUE}}}).
 * Pixels are read as RGB in -1..1, channels first.
 */
public final class CaptionedCrops {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String INDEX = "captions.jsonl";

    /** One crop: its pixels (3 × size × size, -1..1), caption and attributes. */
    public record Crop(float[] pixels, String caption, Map<String, String> attributes) {
        public String combination(List<String> names) {
            return String.join("|", names.stream().map(attributes::get).toList());
        }
    }

    private final int size;
    private final List<Crop> crops;
    private final Map<String, List<String>> values;

    private CaptionedCrops(int size, List<Crop> crops) {
        this.size = size;
        this.crops = crops;
        Map<String, TreeSet<String>> seen = new LinkedHashMap<>();
        for (Crop crop : crops) {
            crop.attributes().forEach((name, value) -> seen.computeIfAbsent(name, n -> new TreeSet<>()).add(value));
        }
        this.values = new LinkedHashMap<>();
        seen.forEach((name, set) -> values.put(name, List.copyOf(set)));
    }

    public static CaptionedCrops of(int size, List<Crop> crops) {
        return new CaptionedCrops(size, List.copyOf(crops));
    }

    /** Reads a folder written by {@link Writer}, each crop scaled to {@code size} × {@code size}. */
    public static CaptionedCrops read(Path folder, int size) {
        Path index = folder.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            throw new InvalidSettingException(Setting.TRAINING_DATA, folder + " has no " + INDEX + "; make one from the samples or from track output");
        }
        List<Crop> crops = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(index)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode entry = JSON.readTree(line);
                BufferedImage image = ImageIO.read(folder.resolve(entry.get("file").asText()).toFile());
                Map<String, String> attributes = new LinkedHashMap<>();
                entry.get("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
                crops.add(new Crop(pixels(image, size), entry.get("caption").asText(), attributes));
            }
        } catch (IOException e) {
            throw new UserError("Cannot read the crops in " + folder + ": " + e.getMessage());
        }
        if (crops.isEmpty()) {
            throw new UserError(index + " lists no crops");
        }
        return new CaptionedCrops(size, crops);
    }

    /** RGB pixels in -1..1, channels first, of {@code image} scaled to size × size. */
    public static float[] pixels(BufferedImage image, int size) {
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        scaled.getGraphics().drawImage(image.getScaledInstance(size, size, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        float[] out = new float[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = scaled.getRGB(x, y);
                int at = y * size + x;
                out[at] = ((rgb >> 16) & 0xff) / 127.5f - 1;
                out[size * size + at] = ((rgb >> 8) & 0xff) / 127.5f - 1;
                out[2 * size * size + at] = (rgb & 0xff) / 127.5f - 1;
            }
        }
        return out;
    }

    /** The image of {@code pixels} (3 × size × size, -1..1). */
    public static BufferedImage image(float[] pixels, int offset, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        for (int at = 0; at < plane; at++) {
            int r = channel(pixels[offset + at]);
            int g = channel(pixels[offset + plane + at]);
            int b = channel(pixels[offset + 2 * plane + at]);
            image.setRGB(at % size, at / size, (r << 16) | (g << 8) | b);
        }
        return image;
    }

    private static int channel(float v) {
        return Math.max(0, Math.min(255, Math.round((v + 1) * 127.5f)));
    }

    public int size() {
        return size;
    }

    /** These crops without those that have an attribute value fewer than {@code min} crops have: too few to learn or judge it by. */
    public CaptionedCrops withoutRareValues(int min) {
        Map<String, Integer> count = new java.util.HashMap<>();
        for (Crop crop : crops) {
            crop.attributes().forEach((name, value) -> count.merge(name + "=" + value, 1, Integer::sum));
        }
        List<Crop> kept = crops.stream().filter(c -> c.attributes().entrySet().stream()
                .allMatch(e -> count.get(e.getKey() + "=" + e.getValue()) >= min)).toList();
        return new CaptionedCrops(size, kept);
    }

    /** Attribute values ({@code name=value}) fewer than {@code min} crops have. */
    public List<String> rareValues(int min) {
        Map<String, Integer> count = new java.util.TreeMap<>();
        for (Crop crop : crops) {
            crop.attributes().forEach((name, value) -> count.merge(name + "=" + value, 1, Integer::sum));
        }
        return count.entrySet().stream().filter(e -> e.getValue() < min).map(Map.Entry::getKey).toList();
    }

    public List<Crop> crops() {
        return crops;
    }

    /** Each attribute's values, sorted, in the order the attributes first appear. */
    public Map<String, List<String>> values() {
        return values;
    }

    public List<String> attributeNames() {
        return List.copyOf(values.keySet());
    }

    /** Writes crops as a folder {@link #read} reads. */
    public static final class Writer implements AutoCloseable {
        private final Path folder;
        private final BufferedWriter index;
        private int count;

        public Writer(Path folder) throws IOException {
            this.folder = Files.createDirectories(folder);
            Files.createDirectories(folder.resolve("crops"));
            this.index = Files.newBufferedWriter(folder.resolve(INDEX));
        }

        public void add(BufferedImage crop, String caption, Map<String, String> attributes) throws IOException {
            String file = String.format("crops/%06d.png", count++);
            ImageIO.write(crop, "png", folder.resolve(file).toFile());
            ObjectNode entry = JSON.createObjectNode().put("file", file).put("caption", caption);
            ObjectNode attributeNode = entry.putObject("attributes");
            attributes.forEach(attributeNode::put);
            index.write(entry.toString());
            index.newLine();
            // Flushed per crop: a run stopped half-way leaves an index of the crops written.
            index.flush();
        }

        public int count() {
            return count;
        }

        @Override
        public void close() throws IOException {
            index.close();
        }
    }
}
