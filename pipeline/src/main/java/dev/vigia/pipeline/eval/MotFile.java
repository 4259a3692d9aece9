package dev.vigia.pipeline.eval;

import dev.vigia.config.UserError;
import dev.vigia.models.catalog.LabelMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A MOTChallenge text file: {@code frame,id,x,y,w,h,conf[,x,y,z]} (ground truth, detections or
 * results). Malformed lines are errors naming the file and the line.
 */
public final class MotFile {

    /**
     * One row: frame (from 1), id (-1 for detections), box as top-left and size, confidence, the
     * 8th column as a whole number (-1 if none), how many columns the line had, which tells a
     * MOT16/17/20 class column (8 or 9 columns) from MOT15's world coordinates (10), and the share
     * of the object in sight (MOT16/17/20 ground truth's 9th column; 1 for files without it).
     */
    public record Row(int frame, int id, double x, double y, double w, double h, double confidence, int classId, int columns,
            double visibility) {

        /** A row with no visibility column: the object counts as wholly in sight. */
        public Row(int frame, int id, double x, double y, double w, double h, double confidence, int classId, int columns) {
            this(frame, id, x, y, w, h, confidence, classId, columns, 1);
        }
    }

    private MotFile() {}

    /** What the rows' class ids are called: {@code labels}' names, and "object" for a row without a class (-1). */
    public static IntFunction<String> classNames(LabelMap labels) {
        return classId -> classId < 0 ? "object" : labels.name(classId);
    }

    public static List<Row> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("MOT file " + file + " does not exist");
        }
        List<Row> rows = new ArrayList<>();
        int columns = -1;
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] fields = trimmed.split("\\s*[,\\s]\\s*");
                if (fields.length < 6 || fields.length > 10) {
                    throw new UserError(file + " line " + number + ": " + fields.length
                            + " columns; MOT files have 6 to 10 (frame,id,x,y,w,h,conf,...)");
                }
                if (columns >= 0 && fields.length != columns) {
                    throw new UserError(file + " line " + number + ": " + fields.length + " columns where earlier lines have " + columns);
                }
                columns = fields.length;
                rows.add(parse(fields, file, number));
            }
        } catch (IOException e) {
            throw new UserError("Cannot read MOT file " + file + ": " + e.getMessage());
        }
        return rows;
    }

    private static Row parse(String[] f, Path file, int number) {
        try {
            double frame = Double.parseDouble(f[0]);
            double id = Double.parseDouble(f[1]);
            double w = Double.parseDouble(f[4]);
            double h = Double.parseDouble(f[5]);
            if (frame < 1 || frame != Math.rint(frame)) {
                throw new UserError(file + " line " + number + ": frame '" + f[0] + "' must be a whole number from 1");
            }
            if (id != Math.rint(id)) {
                throw new UserError(file + " line " + number + ": id '" + f[1] + "' must be a whole number");
            }
            if (w < 0 || h < 0) {
                throw new UserError(file + " line " + number + ": negative box size " + f[4] + "x" + f[5]);
            }
            double confidence = f.length > 6 ? Double.parseDouble(f[6]) : 1;
            int classId = f.length > 7 ? (int) Double.parseDouble(f[7]) : -1;
            // Only MOT16/17/20's 9-column ground truth has a visibility; MOT15's 8th-10th columns are world coordinates.
            double visibility = f.length == 9 ? Double.parseDouble(f[8]) : 1;
            return new Row((int) frame, (int) id, Double.parseDouble(f[2]), Double.parseDouble(f[3]), w, h, confidence, classId,
                    f.length, visibility);
        } catch (NumberFormatException e) {
            throw new UserError(file + " line " + number + ": not a number (" + e.getMessage() + ")");
        }
    }
}
