package dev.vigia.pipeline.eval;

import dev.vigia.config.UserError;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How TrackEval prepares a MOTChallenge sequence before scoring, by benchmark. MOT15 has no
 * classes: only rows marked 0 are dropped. MOT16/17/20 ground truth has classes (1 pedestrian,
 * 2 person on vehicle, ... 13 crowd): tracker boxes matched (IoU ≥ 0.5, Hungarian) to a
 * distractor's box are removed, then only pedestrians marked to be considered are kept.
 */
public enum MotBenchmark {
    MOT15(Set.of()),
    MOT17(Set.of(2, 7, 8, 12)),
    MOT20(Set.of(2, 6, 7, 8, 12));

    static final int PEDESTRIAN = 1;
    private static final int MAX_CLASS = 13;

    private final Set<Integer> distractors;

    MotBenchmark(Set<Integer> distractors) {
        this.distractors = distractors;
    }

    boolean hasClasses() {
        return this != MOT15;
    }

    boolean isDistractor(int classId) {
        return distractors.contains(classId);
    }

    /**
     * The rule {@code --benchmark auto} follows. MOT17 (MOT16 is the same) for ground truth in
     * their format: 8 or 9 columns ({@code frame,id,x,y,w,h,consider,class,visibility}) with a
     * class in the 8th. MOT15 otherwise: 6 or 7 columns, a class column of -1, or 10 columns as in
     * 2D MOT 2015, whose 8th to 10th columns are world coordinates (-1 when unknown, but real
     * numbers in several sequences), not a class. TrackEval reads those as a class and ignores
     * them for MOT15: no class filter, no distractors.
     */
    static MotBenchmark detect(List<MotFile.Row> gt) {
        return gt.stream().anyMatch(r -> r.columns() <= 9 && r.classId() > 0) ? MOT17 : MOT15;
    }

    /** mot15, mot16, mot17, mot20 or auto (null). */
    public static MotBenchmark parse(String name) {
        if (name == null || name.equalsIgnoreCase("auto")) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mot15" -> MOT15;
            case "mot16", "mot17" -> MOT17;
            case "mot20" -> MOT20;
            default -> throw new UserError("Unknown MOT benchmark '" + name + "'; use auto, mot15, mot16, mot17 or mot20");
        };
    }

    void checkClasses(List<MotFile.Row> gt, String file) {
        for (MotFile.Row r : gt) {
            if (r.classId() < 1 || r.classId() > MAX_CLASS) {
                throw new UserError(file + ": frame " + r.frame() + " id " + r.id() + " has class " + r.classId()
                        + ", which " + name() + " ground truth does not have (1 to " + MAX_CLASS + ")");
            }
        }
    }
}
