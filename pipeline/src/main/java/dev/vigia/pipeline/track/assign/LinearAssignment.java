package dev.vigia.pipeline.track.assign;

import java.util.Arrays;

/**
 * Optimal one-to-one assignment of rows (tracks) to columns (detections) by cost, as trackers
 * need it: pairs at or above {@code costLimit} are never matched, and leaving a row and a column
 * unmatched costs {@code costLimit} (half each), so a pair is only taken when it is worth it.
 * That is what {@code lap.lapjv(cost, extend_cost=True, cost_limit=limit)} computes, which
 * ByteTrack and its followers use.
 *
 * <p>The problem splits into independent parts (rows and columns linked by pairs under the
 * limit), each solved exactly with the Hungarian method, so a thousand scattered boxes cost
 * little more than a handful. Scratch memory is reused; one instance per tracker.
 */
public final class LinearAssignment {

    private final Hungarian hungarian = new Hungarian();
    private int[] parent = new int[0];
    private int[] componentRows = new int[0];
    private int[] componentColumns = new int[0];
    private int[] localIndex = new int[0];
    private int[] solution = new int[0];
    private double[] block = new double[0];

    /**
     * Solves one problem.
     *
     * @param cost row-major {@code rows * columns} costs
     * @param costLimit pairs costing this much or more are never matched; {@code Double.POSITIVE_INFINITY}
     *     matches as many rows as possible at minimum total cost
     * @param rowToColumn filled with each row's column, or -1
     * @param columnToRow filled with each column's row, or -1
     * @return the number of matched pairs
     */
    public int solve(double[] cost, int rows, int columns, double costLimit, int[] rowToColumn, int[] columnToRow) {
        Arrays.fill(rowToColumn, 0, rows, -1);
        Arrays.fill(columnToRow, 0, columns, -1);
        if (rows == 0 || columns == 0) {
            return 0;
        }
        ensure(rows, columns);
        for (int i = 0; i < rows + columns; i++) {
            parent[i] = i;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (cost[r * columns + c] < costLimit) {
                    union(r, rows + c);
                }
            }
        }
        int matched = 0;
        for (int root = 0; root < rows + columns; root++) {
            if (find(root) != root) {
                continue;
            }
            int nRows = 0;
            int nColumns = 0;
            for (int r = 0; r < rows; r++) {
                if (find(r) == root) {
                    localIndex[r] = nRows;
                    componentRows[nRows++] = r;
                }
            }
            for (int c = 0; c < columns; c++) {
                if (find(rows + c) == root) {
                    componentColumns[nColumns++] = c;
                }
            }
            if (nRows == 0 || nColumns == 0) {
                continue;
            }
            matched += solveComponent(cost, columns, costLimit, nRows, nColumns, rowToColumn, columnToRow);
        }
        return matched;
    }

    /**
     * With a limit L, matching k pairs costs Σ(c − L) + (rows + columns)·L/2, so the optimum is a
     * rectangular assignment on min(c − L, 0): a pair not worth matching costs the same as
     * leaving both unmatched. Without a limit it is the plain rectangular assignment.
     */
    private int solveComponent(double[] cost, int columns, double costLimit, int nRows, int nColumns,
            int[] rowToColumn, int[] columnToRow) {
        boolean limited = costLimit != Double.POSITIVE_INFINITY;
        boolean transposed = nRows > nColumns;
        int blockRows = Math.min(nRows, nColumns);
        int blockColumns = Math.max(nRows, nColumns);
        if (block.length < blockRows * blockColumns) {
            block = new double[blockRows * blockColumns];
        }
        if (solution.length < blockRows) {
            solution = new int[blockRows];
        }
        for (int i = 0; i < blockRows; i++) {
            for (int j = 0; j < blockColumns; j++) {
                int r = transposed ? j : i;
                int c = transposed ? i : j;
                double value = cost[componentRows[r] * columns + componentColumns[c]];
                if (limited) {
                    value = value < costLimit ? value - costLimit : 0;
                } else if (Double.isNaN(value)) {
                    value = Double.MAX_VALUE / (blockRows + 1);
                }
                block[i * blockColumns + j] = value;
            }
        }
        hungarian.solve(block, blockRows, blockColumns, solution);
        int matched = 0;
        for (int i = 0; i < blockRows; i++) {
            int r = transposed ? solution[i] : i;
            int c = transposed ? i : solution[i];
            int row = componentRows[r];
            int column = componentColumns[c];
            if (cost[row * columns + column] < costLimit) {
                rowToColumn[row] = column;
                columnToRow[column] = row;
                matched++;
            }
        }
        return matched;
    }

    private int find(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private void union(int a, int b) {
        int rootA = find(a);
        int rootB = find(b);
        if (rootA != rootB) {
            parent[rootB] = rootA;
        }
    }

    private void ensure(int rows, int columns) {
        if (parent.length < rows + columns) {
            parent = new int[rows + columns];
        }
        if (componentRows.length < rows) {
            componentRows = new int[rows];
            localIndex = new int[rows];
        }
        if (componentColumns.length < columns) {
            componentColumns = new int[columns];
        }
    }
}
