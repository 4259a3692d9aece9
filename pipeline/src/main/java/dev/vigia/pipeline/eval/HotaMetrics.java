package dev.vigia.pipeline.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HOTA (Luiten et al., 2020) as TrackEval computes it. For each localisation threshold α =
 * 0.05, 0.10 … 0.95: detections are matched per frame to maximise IoU weighted by how well their
 * ids align over the whole sequence; DetA counts matches, AssA scores how consistently matched
 * ids stay together, HOTA = √(DetA·AssA). Reported values are means over α.
 */
final class HotaMetrics {

    static final int ALPHAS = 19;
    private static final double EPS = Math.ulp(1.0);

    /** Per-α sums that combine across sequences (association scores weighted by true positives). */
    static final class Counts {
        final double[] tp = new double[ALPHAS];
        final double[] fn = new double[ALPHAS];
        final double[] fp = new double[ALPHAS];
        final double[] assA = new double[ALPHAS];
        final double[] assRe = new double[ALPHAS];
        final double[] assPr = new double[ALPHAS];
        final double[] locA = new double[ALPHAS];

        void add(Counts other) {
            for (int a = 0; a < ALPHAS; a++) {
                double weightThis = tp[a];
                double weightOther = other.tp[a];
                double total = Math.max(1e-10, weightThis + weightOther);
                assA[a] = (assA[a] * weightThis + other.assA[a] * weightOther) / total;
                assRe[a] = (assRe[a] * weightThis + other.assRe[a] * weightOther) / total;
                assPr[a] = (assPr[a] * weightThis + other.assPr[a] * weightOther) / total;
                locA[a] = (locA[a] * weightThis + other.locA[a] * weightOther) / total;
                tp[a] += other.tp[a];
                fn[a] += other.fn[a];
                fp[a] += other.fp[a];
            }
        }
    }

    /** α as numpy's {@code arange(0.05, 0.99, 0.05)} computes it (start + i·step). */
    static double alpha(int a) {
        return 0.05 + a * 0.05;
    }

    private final MaxAssignment assignment = new MaxAssignment();

    Counts evaluate(SequenceData data) {
        Counts c = new Counts();
        int nGt = data.gtIdCount;
        int nTr = data.trackerIdCount;
        double[][] potential = new double[nGt][nTr];
        double[] gtCount = new double[nGt];
        double[] trCount = new double[nTr];
        for (int t = 0; t < data.frames; t++) {
            int[] gt = data.gtIds[t];
            int[] tr = data.trackerIds[t];
            double[][] s = data.similarity[t];
            double[] rowSum = new double[gt.length];
            double[] columnSum = new double[tr.length];
            for (int i = 0; i < gt.length; i++) {
                for (int j = 0; j < tr.length; j++) {
                    rowSum[i] += s[i][j];
                    columnSum[j] += s[i][j];
                }
            }
            for (int i = 0; i < gt.length; i++) {
                for (int j = 0; j < tr.length; j++) {
                    double denominator = columnSum[j] + rowSum[i] - s[i][j];
                    if (denominator > EPS) {
                        potential[gt[i]][tr[j]] += s[i][j] / denominator;
                    }
                }
            }
            for (int g : gt) {
                gtCount[g]++;
            }
            for (int p : tr) {
                trCount[p]++;
            }
        }
        double[][] globalAlignment = new double[nGt][nTr];
        for (int g = 0; g < nGt; g++) {
            for (int p = 0; p < nTr; p++) {
                globalAlignment[g][p] = potential[g][p] / (gtCount[g] + trCount[p] - potential[g][p]);
            }
        }
        double[][][] matchCounts = new double[ALPHAS][nGt][nTr];
        for (int t = 0; t < data.frames; t++) {
            int[] gt = data.gtIds[t];
            int[] tr = data.trackerIds[t];
            if (gt.length == 0) {
                for (int a = 0; a < ALPHAS; a++) {
                    c.fp[a] += tr.length;
                }
                continue;
            }
            if (tr.length == 0) {
                for (int a = 0; a < ALPHAS; a++) {
                    c.fn[a] += gt.length;
                }
                continue;
            }
            double[][] s = data.similarity[t];
            double[][] score = new double[gt.length][tr.length];
            for (int i = 0; i < gt.length; i++) {
                for (int j = 0; j < tr.length; j++) {
                    score[i][j] = globalAlignment[gt[i]][tr[j]] * s[i][j];
                }
            }
            int[] match = assignment.solve(score);
            for (int a = 0; a < ALPHAS; a++) {
                int matches = 0;
                for (int i = 0; i < gt.length; i++) {
                    int j = match[i];
                    if (j >= 0 && s[i][j] >= alpha(a) - EPS) {
                        matches++;
                        c.locA[a] += s[i][j];
                        matchCounts[a][gt[i]][tr[j]]++;
                    }
                }
                c.tp[a] += matches;
                c.fn[a] += gt.length - matches;
                c.fp[a] += tr.length - matches;
            }
        }
        for (int a = 0; a < ALPHAS; a++) {
            double assA = 0;
            double assRe = 0;
            double assPr = 0;
            for (int g = 0; g < nGt; g++) {
                for (int p = 0; p < nTr; p++) {
                    double m = matchCounts[a][g][p];
                    if (m > 0) {
                        assA += m * m / Math.max(1, gtCount[g] + trCount[p] - m);
                        assRe += m * m / Math.max(1, gtCount[g]);
                        assPr += m * m / Math.max(1, trCount[p]);
                    }
                }
            }
            double tp = Math.max(1, c.tp[a]);
            c.assA[a] = assA / tp;
            c.assRe[a] = assRe / tp;
            c.assPr[a] = assPr / tp;
            c.locA[a] = Math.max(1e-10, c.locA[a]) / Math.max(1e-10, c.tp[a]);
        }
        return c;
    }

    static Map<String, Double> finals(Counts c) {
        double[] hota = new double[ALPHAS];
        double[] detA = new double[ALPHAS];
        double[] detRe = new double[ALPHAS];
        double[] detPr = new double[ALPHAS];
        for (int a = 0; a < ALPHAS; a++) {
            detRe[a] = c.tp[a] / Math.max(1, c.tp[a] + c.fn[a]);
            detPr[a] = c.tp[a] / Math.max(1, c.tp[a] + c.fp[a]);
            detA[a] = c.tp[a] / Math.max(1, c.tp[a] + c.fn[a] + c.fp[a]);
            hota[a] = Math.sqrt(detA[a] * c.assA[a]);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("HOTA", mean(hota));
        m.put("DetA", mean(detA));
        m.put("AssA", mean(c.assA));
        m.put("DetRe", mean(detRe));
        m.put("DetPr", mean(detPr));
        m.put("AssRe", mean(c.assRe));
        m.put("AssPr", mean(c.assPr));
        m.put("LocA", mean(c.locA));
        m.put("HOTA(0)", hota[0]);
        m.put("LocA(0)", c.locA[0]);
        return m;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
