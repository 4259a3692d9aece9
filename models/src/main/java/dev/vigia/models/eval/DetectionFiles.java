package dev.vigia.models.eval;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Ground truth and detections in the formats the field uses, recognised from the files:
 *
 * <ul>
 *   <li>{@code coco}: a COCO ground-truth JSON and a COCO results JSON ({@link CocoJson});
 *   <li>{@code voc}: a folder of Pascal VOC XML annotations ({@code <object><name>, <difficult>,
 *       <bndbox>}); detections as a text folder;
 *   <li>{@code yolo}: a folder of YOLO labels, {@code class cx cy w h} normalised to the image,
 *       with the images (for their sizes) and a names file; detections {@code class cx cy w h conf};
 *   <li>{@code text}: folders of one file per image, ground truth {@code class left top width
 *       height [difficult]} and detections {@code class confidence left top width height}.
 * </ul>
 *
 * Images are the ground truth's files, by name; categories are the ground truth's classes (or
 * the names file). Detections for an image or a class the ground truth does not have, malformed
 * lines, negative or empty boxes and labels without their image are one-line errors naming the
 * file and the line.
 */
public final class DetectionFiles {

    public enum Format { COCO, VOC, YOLO, TEXT }

    private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp");

    /**
     * @param format the format, or null to recognise it
     * @param images the images of YOLO labels (for their sizes)
     * @param names a class-name file (one per line, in class-index order) for YOLO labels
     */
    public record Options(Format format, Path images, Path names) {
        public static Options recognise() {
            return new Options(null, null, null);
        }
    }

    private DetectionFiles() {}

    public static Dataset read(Path groundTruth, Path detections, Options options) {
        if (!Files.exists(groundTruth)) {
            throw new UserError("Ground truth " + groundTruth + " does not exist");
        }
        if (!Files.exists(detections)) {
            throw new UserError("Detections " + detections + " do not exist");
        }
        Format format = options.format() != null ? options.format() : recognise(groundTruth);
        return switch (format) {
            case COCO -> CocoJson.read(groundTruth, detections);
            case VOC -> withTextDetections(readVoc(groundTruth), detections);
            case TEXT -> withTextDetections(readText(groundTruth), detections);
            case YOLO -> readYolo(groundTruth, detections, options);
        };
    }

    /** A JSON file is COCO; a folder of XML is VOC; a folder of text is YOLO when its numbers are normalised, else text. */
    public static Format recognise(Path groundTruth) {
        if (Files.isRegularFile(groundTruth)) {
            if (groundTruth.toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                return Format.COCO;
            }
            throw new UserError("Cannot tell the format of " + groundTruth + ": give a COCO .json file, or a folder of "
                    + "VOC .xml, YOLO or text label files");
        }
        List<Path> xml = files(groundTruth, ".xml");
        if (!xml.isEmpty()) {
            return Format.VOC;
        }
        for (Path file : files(groundTruth, ".txt")) {
            for (String line : lines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 5 && f[0].matches("\\d+") && allNormalised(f, 1)) {
                    return Format.YOLO;
                }
                return Format.TEXT;
            }
        }
        throw new UserError(groundTruth + " holds no .xml or .txt label files");
    }

    private static boolean allNormalised(String[] fields, int from) {
        for (int i = from; i < fields.length; i++) {
            try {
                double v = Double.parseDouble(fields[i]);
                if (v < 0 || v > 1) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /** One ground-truth box by image and class name, before names become indices. */
    private record TruthBox(String image, String name, double x, double y, double w, double h, boolean difficult) {}

    /** Ground truth read so far: images by name, categories by name, boxes with names resolved later. */
    private static final class Truth {
        final TreeMap<String, Integer> images = new TreeMap<>();
        final TreeSet<String> classes = new TreeSet<>();
        final List<TruthBox> boxes = new ArrayList<>();

        void add(String image, String name, double x, double y, double w, double h, boolean difficult) {
            classes.add(name);
            boxes.add(new TruthBox(image, name, x, y, w, h, difficult));
        }

        Dataset withDetections(BoxSet detections, List<String> categoryNames) {
            List<String> names = new ArrayList<>(images.keySet());
            Map<String, Integer> category = new TreeMap<>();
            for (String name : categoryNames) {
                category.put(name, category.size());
            }
            BoxSet gt = new BoxSet();
            long id = 1;
            for (TruthBox b : boxes) {
                gt.add(images.get(b.image()), category.get(b.name()), id++, b.x(), b.y(), b.w(), b.h(), 1, b.w() * b.h(), false,
                        b.difficult());
            }
            long[] imageIds = new long[names.size()];
            for (int i = 0; i < imageIds.length; i++) {
                imageIds[i] = i + 1;
            }
            long[] categoryIds = new long[categoryNames.size()];
            for (int i = 0; i < categoryIds.length; i++) {
                categoryIds[i] = i + 1;
            }
            return new Dataset(imageIds, names, categoryIds, categoryNames, gt, detections);
        }
    }

    private static Truth readText(Path folder) {
        Truth truth = new Truth();
        for (Path file : files(folder, ".txt")) {
            String image = stem(file);
            truth.images.put(image, 0);
            forEachRow(file, 5, 6, "class left top width height [difficult]", (f, number) -> {
                double[] box = numbers(f, 1, 4, file, number);
                requireSize(box[2], box[3], file, number);
                boolean difficult = f.length == 6 && !f[5].equals("0");
                truth.add(image, f[0], box[0], box[1], box[2], box[3], difficult);
            });
        }
        renumber(truth.images);
        return truth;
    }

    private static Truth readVoc(Path folder) {
        Truth truth = new Truth();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try {
            // Annotations are data: no DTDs, no external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser cannot be made safe", e);
        }
        for (Path file : files(folder, ".xml")) {
            Document document;
            try {
                javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
                // The default handler prints "[Fatal Error] ..." to stderr; the one-line message below says it all.
                builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                    @Override
                    public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                        throw e;
                    }
                });
                document = builder.parse(file.toFile());
            } catch (Exception e) {
                throw new UserError(file + " is not valid XML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
            String image = stem(file);
            truth.images.put(image, 0);
            NodeList objects = document.getElementsByTagName("object");
            for (int i = 0; i < objects.getLength(); i++) {
                Element object = (Element) objects.item(i);
                String where = file + " object " + (i + 1);
                String name = text(object, "name", where);
                Element box = (Element) object.getElementsByTagName("bndbox").item(0);
                if (box == null) {
                    throw new UserError(where + ": no <bndbox>");
                }
                double x1 = number(text(box, "xmin", where), where, "xmin");
                double y1 = number(text(box, "ymin", where), where, "ymin");
                double x2 = number(text(box, "xmax", where), where, "xmax");
                double y2 = number(text(box, "ymax", where), where, "ymax");
                if (x2 < x1 || y2 < y1) {
                    throw new UserError(where + ": xmax/ymax is left of or above xmin/ymin");
                }
                NodeList difficult = object.getElementsByTagName("difficult");
                boolean isDifficult = difficult.getLength() > 0 && difficult.item(0).getTextContent().trim().equals("1");
                truth.add(image, name.trim(), x1, y1, x2 - x1, y2 - y1, isDifficult);
            }
        }
        renumber(truth.images);
        return truth;
    }

    /** Text detections beside text or VOC ground truth: {@code class confidence left top width height} per image file. */
    private static Dataset withTextDetections(Truth truth, Path folder) {
        List<String> categories = new ArrayList<>(truth.classes);
        Map<String, Integer> category = new TreeMap<>();
        for (String name : categories) {
            category.put(name, category.size());
        }
        BoxSet detections = new BoxSet();
        for (Path file : files(folder, ".txt")) {
            Integer image = truth.images.get(stem(file));
            if (image == null) {
                throw new UserError(file + ": there is no ground truth for image '" + stem(file) + "'");
            }
            forEachRow(file, 6, 6, "class confidence left top width height", (f, number) -> {
                Integer k = category.get(f[0]);
                if (k == null) {
                    throw new UserError(file + " line " + number + ": class '" + f[0] + "' is not in the ground truth (its classes: "
                            + String.join(", ", categories) + ")");
                }
                double[] v = numbers(f, 1, 5, file, number);
                requireSize(v[3], v[4], file, number);
                detections.add(image, k, detections.size() + 1, v[1], v[2], v[3], v[4], v[0], v[3] * v[4], false, false);
            });
        }
        return truth.withDetections(detections, categories);
    }

    private static Dataset readYolo(Path labels, Path predictions, Options options) {
        if (options.images() == null) {
            throw new InvalidSettingException(Setting.IMAGES, "YOLO labels are normalised to each image, so the images are needed");
        }
        List<String> names = options.names() != null ? lines(options.names()).stream().map(String::trim)
                .filter(l -> !l.isEmpty()).toList() : null;
        Truth truth = new Truth();
        Map<String, int[]> sizes = new TreeMap<>();
        for (Path file : files(labels, ".txt")) {
            String image = stem(file);
            int[] size = imageSize(options.images(), image, file);
            sizes.put(image, size);
            truth.images.put(image, 0);
            forEachRow(file, 5, 5, "class cx cy w h (normalised)", (f, number) -> {
                double[] b = pixels(numbers(f, 1, 4, file, number), size);
                requireSize(b[2], b[3], file, number);
                truth.add(image, className(f[0], names, file, number), b[0], b[1], b[2], b[3], false);
            });
        }
        renumber(truth.images);
        List<String> categories = names != null ? names : new ArrayList<>(truth.classes);
        Map<String, Integer> category = new TreeMap<>();
        for (String name : categories) {
            category.put(name, category.size());
        }
        BoxSet detections = new BoxSet();
        for (Path file : files(predictions, ".txt")) {
            String image = stem(file);
            Integer index = truth.images.get(image);
            if (index == null) {
                throw new UserError(file + ": there is no ground truth for image '" + image + "'");
            }
            forEachRow(file, 6, 6, "class cx cy w h confidence (normalised)", (f, number) -> {
                double[] v = numbers(f, 1, 5, file, number);
                double[] b = pixels(v, sizes.get(image));
                requireSize(b[2], b[3], file, number);
                Integer k = category.get(className(f[0], names, file, number));
                if (k == null) {
                    throw new UserError(file + " line " + number + ": class " + f[0] + " is not in the ground truth");
                }
                detections.add(index, k, detections.size() + 1, b[0], b[1], b[2], b[3], v[4], b[2] * b[3], false, false);
            });
        }
        return truth.withDetections(detections, categories);
    }

    /** What to do with one line's fields; {@code line} counts from 1. */
    @FunctionalInterface
    private interface RowHandler {
        void row(String[] fields, int line);
    }

    /** Each non-blank line of a label file split on white space, with min..max fields or a one-line error. */
    private static void forEachRow(Path file, int minFields, int maxFields, String expected, RowHandler handler) {
        int number = 0;
        for (String line : lines(file)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            if (fields.length < minFields || fields.length > maxFields) {
                throw new UserError(file + " line " + number + ": expected '" + expected + "', got '" + line.trim() + "'");
            }
            handler.row(fields, number);
        }
    }

    private static String className(String index, List<String> names, Path file, int line) {
        if (names == null) {
            return index;
        }
        try {
            return names.get(Integer.parseInt(index));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new UserError(file + " line " + line + ": class " + index + " is not a line of the names file (" + names.size()
                    + " names)");
        }
    }

    /** Normalised centre and size to pixel left, top, width, height. */
    private static double[] pixels(double[] normalised, int[] size) {
        double w = normalised[2] * size[0];
        double h = normalised[3] * size[1];
        return new double[] {normalised[0] * size[0] - w / 2, normalised[1] * size[1] - h / 2, w, h};
    }

    /** Width and height of the image a label belongs to, read from the file's header only. */
    private static int[] imageSize(Path images, String stem, Path label) {
        for (String extension : IMAGE_EXTENSIONS) {
            for (String variant : new String[] {extension, extension.toUpperCase(Locale.ROOT)}) {
                Path image = images.resolve(stem + variant);
                if (Files.isRegularFile(image)) {
                    try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
                        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                        if (!readers.hasNext()) {
                            throw new UserError(image + " is not an image Java can read (JPEG, PNG, BMP)");
                        }
                        ImageReader reader = readers.next();
                        reader.setInput(in);
                        return new int[] {reader.getWidth(0), reader.getHeight(0)};
                    } catch (IOException e) {
                        throw new UserError("Cannot read " + image + ": " + e.getMessage());
                    }
                }
            }
        }
        throw new UserError(label + " has no image " + stem + ".jpg/.png/.bmp in " + images);
    }

    private static void renumber(TreeMap<String, Integer> images) {
        int i = 0;
        for (Map.Entry<String, Integer> entry : images.entrySet()) {
            entry.setValue(i++);
        }
    }

    private static double[] numbers(String[] fields, int from, int count, Path file, int line) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Double.parseDouble(fields[from + i]);
            } catch (NumberFormatException e) {
                throw new UserError(file + " line " + line + ": '" + fields[from + i] + "' is not a number");
            }
            if (!Double.isFinite(values[i])) {
                throw new UserError(file + " line " + line + ": '" + fields[from + i] + "' is not a finite number");
            }
        }
        return values;
    }

    private static void requireSize(double w, double h, Path file, int line) {
        if (w <= 0 || h <= 0) {
            throw new UserError(file + " line " + line + ": the box is " + (w < 0 || h < 0 ? "negative" : "empty") + " (" + w + " x "
                    + h + ")");
        }
    }

    private static String text(Element parent, String tag, String where) {
        NodeList nodes = parent.getElementsByTagName(tag);
        if (nodes.getLength() == 0) {
            throw new UserError(where + ": no <" + tag + ">");
        }
        return nodes.item(0).getTextContent();
    }

    private static double number(String text, String where, String tag) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UserError(where + ": <" + tag + "> '" + text.trim() + "' is not a number");
        }
    }

    private static List<Path> files(Path folder, String extension) {
        if (!Files.isDirectory(folder)) {
            throw new UserError(folder + " is not a folder of " + extension + " files");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(extension)).sorted().toList();
        } catch (IOException e) {
            throw new UserError("Cannot list " + folder + ": " + e.getMessage());
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UserError("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
