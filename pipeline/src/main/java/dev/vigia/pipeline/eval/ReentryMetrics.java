package dev.vigia.pipeline.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-entries given their old id: for each ground-truth object that goes out of sight and comes
 * back, whether the tracker calls it by the id it had before. HOTA and IDF1 weigh a lost identity
 * by the frames it costs; this counts the events a user sees (a returning person counted as new).
 *
 * <p>An object is <em>out of sight</em> in a frame where the ground truth has no row for it or
 * shows less than {@value #MIN_VISIBILITY} of it (the 9th column of MOT16/17/20 ground truth;
 * files without it count every row as in sight). A <em>re-entry</em> is a return after at least
 * {@value #MIN_GONE_SECONDS} s out of sight (the {@value #LONG_GONE_SECONDS} s subset is counted
 * apart: a tracker's motion memory, about a second, no longer spans it). Per frame, ground truth
 * and tracker boxes are matched as the CLEAR metrics match them without their continuity bonus
 * (IoU ≥ 0.5, the largest total IoU). The id <em>before</em> is the one matched to the object
 * last, in the {@value #WINDOW_SECONDS} s before it went out of sight; the id <em>after</em> is
 * the one matched to it most often (ties: the first) in the {@value #WINDOW_SECONDS} s from its
 * return, so a tracker that hands the old id back a moment after a return is credited. A re-entry
 * whose object the tracker did not follow before or did not find after is not counted: that is
 * detection, not identity.
 */
final class ReentryMetrics {

    static final double MIN_VISIBILITY = 0.1;
    static final double MIN_GONE_SECONDS = 2;
    static final double LONG_GONE_SECONDS = 5;
    static final double WINDOW_SECONDS = 3;
    private static final double THRESHOLD = 0.5;
    private static final double EPS = Math.ulp(1.0);
    private static final int NONE = Integer.MIN_VALUE;

    /** Sums that add up across sequences. */
    static final class Counts {
        long reentries;
        long kept;
        long longReentries;
        long longKept;

        void add(Counts other) {
            reentries += other.reentries;
            kept += other.kept;
            longReentries += other.longReentries;
            longKept += other.longKept;
        }
    }

    private final MaxAssignment assignment = new MaxAssignment();

    /** Counts the re-entries of one prepared sequence shot at {@code fps} frames a second. */
    Counts evaluate(SequenceData.Prepared sequence, double fps) {
        List<List<MotFile.Row>> gtByFrame = sequence.gtByFrame();
        int frames = gtByFrame.size();
        // Each ground-truth id's matched tracker id and whether it is in sight, frame by frame.
        Map<Integer, int[]> matched = new HashMap<>();
        Map<Integer, boolean[]> inSight = new HashMap<>();
        for (int t = 0; t < frames; t++) {
            List<MotFile.Row> g = gtByFrame.get(t);
            List<MotFile.Row> p = sequence.trackerByFrame().get(t);
            for (MotFile.Row row : g) {
                matched.computeIfAbsent(row.id(), id -> filled(frames));
                inSight.computeIfAbsent(row.id(), id -> new boolean[frames])[t] = row.visibility() >= MIN_VISIBILITY;
            }
            if (g.isEmpty() || p.isEmpty()) {
                continue;
            }
            double[][] score = new double[g.size()][p.size()];
            for (int i = 0; i < g.size(); i++) {
                for (int j = 0; j < p.size(); j++) {
                    double overlap = SequenceData.iou(g.get(i), p.get(j));
                    score[i][j] = overlap < THRESHOLD - EPS ? 0 : overlap;
                }
            }
            int[] match = assignment.solve(score);
            for (int i = 0; i < g.size(); i++) {
                if (match[i] >= 0 && score[i][match[i]] > EPS) {
                    matched.get(g.get(i).id())[t] = p.get(match[i]).id();
                }
            }
        }
        int window = Math.max(1, (int) Math.round(WINDOW_SECONDS * fps));
        Counts c = new Counts();
        for (Map.Entry<Integer, boolean[]> entry : inSight.entrySet()) {
            boolean[] seen = entry.getValue();
            int[] ids = matched.get(entry.getKey());
            int last = -1;
            for (int t = 0; t < frames; t++) {
                if (!seen[t]) {
                    continue;
                }
                double goneSeconds = (t - last - 1) / fps;
                if (last >= 0 && goneSeconds >= MIN_GONE_SECONDS) {
                    int before = lastMatch(ids, Math.max(0, last - window + 1), last);
                    int after = mostMatched(ids, t, Math.min(frames - 1, t + window - 1));
                    if (before != NONE && after != NONE) {
                        boolean kept = before == after;
                        c.reentries++;
                        c.kept += kept ? 1 : 0;
                        if (goneSeconds >= LONG_GONE_SECONDS) {
                            c.longReentries++;
                            c.longKept += kept ? 1 : 0;
                        }
                    }
                }
                last = t;
            }
        }
        return c;
    }

    private static int[] filled(int frames) {
        int[] ids = new int[frames];
        Arrays.fill(ids, NONE);
        return ids;
    }

    private static int lastMatch(int[] ids, int from, int to) {
        for (int t = to; t >= from; t--) {
            if (ids[t] != NONE) {
                return ids[t];
            }
        }
        return NONE;
    }

    private static int mostMatched(int[] ids, int from, int to) {
        Map<Integer, Integer> frames = new LinkedHashMap<>();
        for (int t = from; t <= to; t++) {
            if (ids[t] != NONE) {
                frames.merge(ids[t], 1, Integer::sum);
            }
        }
        int best = NONE;
        int most = 0;
        for (Map.Entry<Integer, Integer> e : frames.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    static Map<String, Double> finals(Counts c) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("Reentries", (double) c.reentries);
        m.put("ReentriesKept", (double) c.kept);
        m.put("Reentries5s", (double) c.longReentries);
        m.put("Reentries5sKept", (double) c.longKept);
        return m;
    }
}
