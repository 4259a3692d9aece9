package dev.vigia.models.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * COCO ground truth ({@code {"images", "annotations", "categories"}}) and a COCO results file
 * ({@code [{"image_id", "category_id", "bbox": [x, y, w, h], "score"}]}), read as pycocotools
 * reads them: images and categories in ascending id order, a result's area is its box's w·h, a
 * missing {@code iscrowd} is 0. Results are streamed (half a million detections parse in about a
 * second). Every problem names the file and the entry.
 */
public final class CocoJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory STREAMING = new JsonFactory();

    private CocoJson() {}

    public static Dataset read(Path groundTruth, Path results) {
        GroundTruth truth = groundTruth(readTree(groundTruth), groundTruth.toString());
        return truth.with(readResults(results, truth.imageIndex(), truth.categoryIndex()));
    }

    /** COCO ground truth alone (no detections), from a file. */
    public static Dataset readGroundTruth(Path groundTruth) {
        return groundTruth(readTree(groundTruth), groundTruth.toString()).with(new BoxSet());
    }

    /** COCO ground truth alone (no detections), from a stream; {@code name} is what messages call it. */
    public static Dataset readGroundTruth(java.io.InputStream in, String name) {
        try {
            return groundTruth(JSON.readTree(in), name).with(new BoxSet());
        } catch (JsonProcessingException e) {
            throw new UserError(name + " is not valid JSON (line " + e.getLocation().getLineNr() + "): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UserError("Cannot read " + name + ": " + e.getMessage());
        }
    }

    /** Parsed ground truth: images and categories by ascending id, their indices, the boxes. */
    private record GroundTruth(TreeMap<Long, String> images, TreeMap<Long, String> categories, Map<Long, Integer> imageIndex,
            Map<Long, Integer> categoryIndex, BoxSet boxes) {

        Dataset with(BoxSet detections) {
            return new Dataset(images.keySet().stream().mapToLong(Long::longValue).toArray(), new ArrayList<>(images.values()),
                    categories.keySet().stream().mapToLong(Long::longValue).toArray(), new ArrayList<>(categories.values()),
                    boxes, detections);
        }
    }

    private static GroundTruth groundTruth(JsonNode gt, String groundTruth) {
        for (String key : new String[] {"images", "annotations", "categories"}) {
            if (!gt.path(key).isArray()) {
                throw new UserError(groundTruth + " is not COCO ground truth: it has no \"" + key + "\" list");
            }
        }
        TreeMap<Long, String> images = new TreeMap<>();
        for (JsonNode image : gt.get("images")) {
            long id = requireId(image, "id", groundTruth, "images");
            images.put(id, image.path("file_name").asText(Long.toString(id)));
        }
        TreeMap<Long, String> categories = new TreeMap<>();
        for (JsonNode category : gt.get("categories")) {
            long id = requireId(category, "id", groundTruth, "categories");
            categories.put(id, category.path("name").asText(Long.toString(id)));
        }
        Map<Long, Integer> imageIndex = indexOf(images);
        Map<Long, Integer> categoryIndex = indexOf(categories);
        BoxSet truth = new BoxSet();
        int n = 0;
        for (JsonNode annotation : gt.get("annotations")) {
            String entry = "annotation " + n++;
            String where = groundTruth + " " + entry;
            long imageId = requireId(annotation, "image_id", groundTruth, entry);
            long categoryId = requireId(annotation, "category_id", groundTruth, entry);
            double[] box = box(annotation.get("bbox"), where);
            Integer image = imageIndex.get(imageId);
            Integer category = categoryIndex.get(categoryId);
            if (image == null) {
                throw new UserError(where + ": image_id " + imageId + " is not in its \"images\" list");
            }
            if (category == null) {
                throw new UserError(where + ": category_id " + categoryId + " is not in its \"categories\" list");
            }
            double area = annotation.has("area") ? annotation.get("area").asDouble() : box[2] * box[3];
            truth.add(image, category, annotation.path("id").asLong(n), box[0], box[1], box[2], box[3], 1, area,
                    annotation.path("iscrowd").asInt(0) != 0, false);
        }
        return new GroundTruth(images, categories, imageIndex, categoryIndex, truth);
    }

    /** The results list, streamed; ids are 1, 2, ... in file order as pycocotools' loadRes numbers them. */
    private static BoxSet readResults(Path results, Map<Long, Integer> imageIndex, Map<Long, Integer> categoryIndex) {
        BoxSet detections = new BoxSet();
        if (!Files.isRegularFile(results)) {
            throw new UserError("Detections file " + results + " does not exist");
        }
        try (JsonParser parser = STREAMING.createParser(results.toFile())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new UserError(results + " is not a COCO results file: it must be a JSON list of "
                        + "{\"image_id\", \"category_id\", \"bbox\", \"score\"}");
            }
            int n = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                String where = results + " entry " + n;
                long imageId = Long.MIN_VALUE;
                long categoryId = Long.MIN_VALUE;
                double score = Double.NaN;
                double[] box = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (field) {
                        case "image_id" -> imageId = number(parser, value, where, field).longValue();
                        case "category_id" -> categoryId = number(parser, value, where, field).longValue();
                        case "score" -> score = number(parser, value, where, field).doubleValue();
                        case "bbox" -> box = streamedBox(parser, value, where);
                        default -> parser.skipChildren();
                    }
                }
                if (imageId == Long.MIN_VALUE || categoryId == Long.MIN_VALUE || box == null || Double.isNaN(score)) {
                    throw new UserError(where + ": a result needs image_id, category_id, bbox and score");
                }
                Integer image = imageIndex.get(imageId);
                if (image == null) {
                    throw new UserError(where + ": image_id " + imageId + " is not in the ground truth's images");
                }
                Integer category = categoryIndex.get(categoryId);
                if (category == null) {
                    throw new UserError(where + ": category_id " + categoryId + " is not one of the ground truth's categories");
                }
                n++;
                detections.add(image, category, n, box[0], box[1], box[2], box[3], score, box[2] * box[3], false, false);
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new UserError(results + " entry " + n + ": expected a {...} result");
            }
        } catch (JsonProcessingException e) {
            throw new UserError(results + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UserError("Cannot read " + results + ": " + e.getMessage());
        }
        return detections;
    }

    private static Number number(JsonParser parser, JsonToken value, String where, String field) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new UserError(where + ": " + field + " must be a number");
        }
        return parser.getNumberValue();
    }

    private static double[] streamedBox(JsonParser parser, JsonToken value, String where) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new UserError(where + ": bbox must be [x, y, width, height]");
        }
        double[] box = new double[4];
        int i = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (i >= 4 || !parser.currentToken().isNumeric()) {
                throw new UserError(where + ": bbox must be [x, y, width, height]");
            }
            box[i++] = parser.getDoubleValue();
        }
        return checked(box, i, where);
    }

    private static double[] box(JsonNode bbox, String where) {
        if (bbox == null || !bbox.isArray() || bbox.size() != 4) {
            throw new UserError(where + ": bbox must be [x, y, width, height]");
        }
        double[] box = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!bbox.get(i).isNumber()) {
                throw new UserError(where + ": bbox must be [x, y, width, height]");
            }
            box[i] = bbox.get(i).asDouble();
        }
        return checked(box, 4, where);
    }

    private static double[] checked(double[] box, int count, String where) {
        if (count != 4) {
            throw new UserError(where + ": bbox must be [x, y, width, height]");
        }
        if (box[2] < 0 || box[3] < 0 || !Double.isFinite(box[0] + box[1] + box[2] + box[3])) {
            throw new UserError(where + ": bbox " + java.util.Arrays.toString(box) + " has a negative or non-finite size");
        }
        return box;
    }

    private static long requireId(JsonNode node, String field, String file, String where) {
        JsonNode id = node.get(field);
        if (id == null || !id.canConvertToLong()) {
            throw new UserError(file + " " + where + ": needs a whole-number \"" + field + "\"");
        }
        return id.asLong();
    }

    private static Map<Long, Integer> indexOf(TreeMap<Long, String> byId) {
        Map<Long, Integer> index = new HashMap<>();
        for (Long id : byId.keySet()) {
            index.put(id, index.size());
        }
        return index;
    }

    static JsonNode readTree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("Ground truth " + file + " does not exist");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UserError(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UserError("Cannot read " + file + ": " + e.getMessage());
        }
    }
}
