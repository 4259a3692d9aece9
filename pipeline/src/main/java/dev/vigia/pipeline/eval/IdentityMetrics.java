package dev.vigia.pipeline.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Identity metrics (Ristani et al.) as TrackEval computes them: ground-truth ids and tracker ids
 * are paired once for the whole sequence to maximise the detections they share (IoU ≥ 0.5);
 * IDTP counts those, IDFN and IDFP the rest.
 */
final class IdentityMetrics {

    private static final double THRESHOLD = 0.5;

    /** Sums that add up across sequences. */
    static final class Counts {
        long idtp;
        long idfn;
        long idfp;

        void add(Counts other) {
            idtp += other.idtp;
            idfn += other.idfn;
            idfp += other.idfp;
        }
    }

    private final MaxAssignment assignment = new MaxAssignment();

    Counts evaluate(SequenceData data) {
        Counts c = new Counts();
        double[][] shared = new double[data.gtIdCount][data.trackerIdCount];
        for (int t = 0; t < data.frames; t++) {
            int[] gt = data.gtIds[t];
            int[] tr = data.trackerIds[t];
            for (int i = 0; i < gt.length; i++) {
                for (int j = 0; j < tr.length; j++) {
                    if (data.similarity[t][i][j] >= THRESHOLD) {
                        shared[gt[i]][tr[j]]++;
                    }
                }
            }
        }
        long idtp = 0;
        if (data.gtIdCount > 0 && data.trackerIdCount > 0) {
            int[] match = assignment.solve(shared);
            for (int g = 0; g < match.length; g++) {
                if (match[g] >= 0) {
                    idtp += (long) shared[g][match[g]];
                }
            }
        }
        c.idtp = idtp;
        c.idfn = data.gtDetections - idtp;
        c.idfp = data.trackerDetections - idtp;
        return c;
    }

    static Map<String, Double> finals(Counts c) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("IDF1", c.idtp / Math.max(1, c.idtp + 0.5 * c.idfp + 0.5 * c.idfn));
        m.put("IDR", c.idtp / (double) Math.max(1, c.idtp + c.idfn));
        m.put("IDP", c.idtp / (double) Math.max(1, c.idtp + c.idfp));
        m.put("IDTP", (double) c.idtp);
        m.put("IDFN", (double) c.idfn);
        m.put("IDFP", (double) c.idfp);
        return m;
    }
}
