package dev.vigia.pipeline.track.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Optimal assignment against brute force on random matrices, with and without a cost limit. */
class LinearAssignmentTest {

    /** Minimum total cost over all partial matchings; each unmatched row and column costs limit/2. */
    private static double bruteForce(double[] cost, int rows, int columns, double limit, int row, boolean[] usedColumns) {
        if (row == rows) {
            int unusedColumns = 0;
            for (int c = 0; c < columns; c++) {
                unusedColumns += usedColumns[c] ? 0 : 1;
            }
            return limit == Double.POSITIVE_INFINITY ? 0 : unusedColumns * limit / 2;
        }
        double best = Double.POSITIVE_INFINITY;
        boolean mustMatch = limit == Double.POSITIVE_INFINITY && rows - row <= free(usedColumns);
        if (!mustMatch) {
            double skip = limit == Double.POSITIVE_INFINITY ? 0 : limit / 2;
            best = skip + bruteForce(cost, rows, columns, limit, row + 1, usedColumns);
        }
        for (int c = 0; c < columns; c++) {
            double pair = cost[row * columns + c];
            if (!usedColumns[c] && pair < limit) {
                usedColumns[c] = true;
                best = Math.min(best, pair + bruteForce(cost, rows, columns, limit, row + 1, usedColumns));
                usedColumns[c] = false;
            }
        }
        return best;
    }

    private static int free(boolean[] used) {
        int n = 0;
        for (boolean u : used) {
            n += u ? 0 : 1;
        }
        return n;
    }

    private static double total(double[] cost, int columns, int[] rowToColumn, int rows, double limit, int matched) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            if (rowToColumn[r] >= 0) {
                sum += cost[r * columns + rowToColumn[r]];
            }
        }
        if (limit != Double.POSITIVE_INFINITY) {
            sum += (rows - matched) * limit / 2 + (columns - matched) * limit / 2;
        }
        return sum;
    }

    @Test
    void matchesBruteForceOnRandomMatrices() {
        Random random = new Random(42);
        LinearAssignment solver = new LinearAssignment();
        for (int trial = 0; trial < 400; trial++) {
            int rows = 1 + random.nextInt(6);
            int columns = 1 + random.nextInt(6);
            double limit = trial % 2 == 0 ? Double.POSITIVE_INFINITY : 0.3 + random.nextDouble() * 0.6;
            double[] cost = new double[rows * columns];
            for (int i = 0; i < cost.length; i++) {
                cost[i] = random.nextDouble() < 0.3 ? 1.0 : random.nextDouble();
            }
            int[] rowToColumn = new int[rows];
            int[] columnToRow = new int[columns];
            int matched = solver.solve(cost, rows, columns, limit, rowToColumn, columnToRow);
            double expected = bruteForce(cost, rows, columns, limit, 0, new boolean[columns]);
            if (limit == Double.POSITIVE_INFINITY) {
                expected = bruteForceFull(cost, rows, columns);
                assertEquals(Math.min(rows, columns), matched, "trial " + trial);
            }
            assertEquals(expected, total(cost, columns, rowToColumn, rows, limit, matched), 1e-9, "trial " + trial);
            for (int r = 0; r < rows; r++) {
                if (rowToColumn[r] >= 0) {
                    assertEquals(r, columnToRow[rowToColumn[r]]);
                }
            }
        }
    }

    /** Full matching of min(rows, columns) pairs at minimum cost. */
    private static double bruteForceFull(double[] cost, int rows, int columns) {
        return full(cost, rows, columns, 0, new boolean[columns], Math.min(rows, columns));
    }

    private static double full(double[] cost, int rows, int columns, int row, boolean[] used, int needed) {
        if (needed == 0) {
            return 0;
        }
        if (rows - row < needed) {
            return Double.POSITIVE_INFINITY;
        }
        double best = full(cost, rows, columns, row + 1, used, needed);
        for (int c = 0; c < columns; c++) {
            if (!used[c]) {
                used[c] = true;
                best = Math.min(best, cost[row * columns + c] + full(cost, rows, columns, row + 1, used, needed - 1));
                used[c] = false;
            }
        }
        return best;
    }

    @Test
    void pairsAtOrAboveTheLimitAreNeverMatched() {
        double[] cost = {0.9, 0.2, 0.95, 0.99};
        int[] rowToColumn = new int[2];
        int matched = new LinearAssignment().solve(cost, 2, 2, 0.8, rowToColumn, new int[2]);
        assertEquals(1, matched);
        assertEquals(1, rowToColumn[0]);
        assertEquals(-1, rowToColumn[1]);
    }

    /** The sparse form (only the pairs under the limit listed, in random order) reaches the brute-force optimum too. */
    @Test
    void sparsePairsMatchBruteForceOnRandomProblems() {
        Random random = new Random(7);
        LinearAssignment solver = new LinearAssignment();
        for (int trial = 0; trial < 400; trial++) {
            int rows = 1 + random.nextInt(7);
            int columns = 1 + random.nextInt(7);
            double limit = 0.3 + random.nextDouble() * 0.7;
            double[] cost = new double[rows * columns];
            java.util.List<Integer> listed = new java.util.ArrayList<>();
            for (int i = 0; i < cost.length; i++) {
                cost[i] = random.nextDouble() < 0.5 ? 1.0 : random.nextDouble();
                if (cost[i] < 1.0) {
                    listed.add(i);
                }
            }
            java.util.Collections.shuffle(listed, random);
            int[] pairRow = new int[listed.size()];
            int[] pairColumn = new int[listed.size()];
            double[] pairCost = new double[listed.size()];
            for (int p = 0; p < listed.size(); p++) {
                pairRow[p] = listed.get(p) / columns;
                pairColumn[p] = listed.get(p) % columns;
                pairCost[p] = cost[listed.get(p)];
            }
            int[] rowToColumn = new int[rows];
            int[] columnToRow = new int[columns];
            int matched = solver.solveSparse(listed.size(), pairRow, pairColumn, pairCost, rows, columns, limit, rowToColumn, columnToRow);
            double expected = bruteForce(cost, rows, columns, limit, 0, new boolean[columns]);
            assertEquals(expected, total(cost, columns, rowToColumn, rows, limit, matched), 1e-9, "trial " + trial);
            for (int r = 0; r < rows; r++) {
                if (rowToColumn[r] >= 0) {
                    assertEquals(r, columnToRow[rowToColumn[r]]);
                }
            }
        }
    }
}
