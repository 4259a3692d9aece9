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
    // Sparse problems: component of each node, and rows, columns and pairs grouped by component.
    private int[] componentOf = new int[0];
    private int[] rowStart = new int[0];
    private int[] columnStart = new int[0];
    private int[] pairStart = new int[0];
    private int[] groupedRows = new int[0];
    private int[] groupedColumns = new int[0];
    private int[] groupedPairs = new int[0];
    private int[] columnLocal = new int[0];
    private int[] pairFill = new int[0];

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
     * The same problem given as its candidate pairs only: {@code pairs} entries of row, column and
     * cost; every pair not listed costs at least {@code costLimit}, which must be finite. Runs in
     * time linear in rows, columns and pairs plus the (small) dense blocks of each independent part,
     * with no allocation once the scratch arrays have grown (hot path of the trackers at 1000 boxes).
     */
    public int solveSparse(int pairs, int[] pairRow, int[] pairColumn, double[] pairCost, int rows, int columns,
            double costLimit, int[] rowToColumn, int[] columnToRow) {
        if (costLimit == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("a sparse problem needs a finite cost limit");
        }
        Arrays.fill(rowToColumn, 0, rows, -1);
        Arrays.fill(columnToRow, 0, columns, -1);
        if (rows == 0 || columns == 0 || pairs == 0) {
            return 0;
        }
        ensure(rows, columns);
        ensureSparse(rows, columns, pairs);
        int nodes = rows + columns;
        for (int i = 0; i < nodes; i++) {
            parent[i] = i;
        }
        for (int p = 0; p < pairs; p++) {
            if (pairCost[p] < costLimit) {
                union(pairRow[p], rows + pairColumn[p]);
            }
        }
        // Number the parts in order of their smallest node, as the dense solve meets them.
        Arrays.fill(componentOf, 0, nodes, -1);
        int parts = 0;
        for (int i = 0; i < nodes; i++) {
            int root = find(i);
            if (componentOf[root] < 0) {
                componentOf[root] = parts++;
            }
            componentOf[i] = componentOf[root];
        }
        groupByPart(parts, rows, 0, rowStart, groupedRows);
        groupByPart(parts, columns, rows, columnStart, groupedColumns);
        Arrays.fill(pairStart, 0, parts + 1, 0);
        for (int p = 0; p < pairs; p++) {
            if (pairCost[p] < costLimit) {
                pairStart[componentOf[pairRow[p]] + 1]++;
            }
        }
        for (int k = 0; k < parts; k++) {
            pairStart[k + 1] += pairStart[k];
        }
        System.arraycopy(pairStart, 0, pairFill, 0, parts);
        for (int p = 0; p < pairs; p++) {
            if (pairCost[p] < costLimit) {
                groupedPairs[pairFill[componentOf[pairRow[p]]]++] = p;
            }
        }
        int matched = 0;
        for (int k = 0; k < parts; k++) {
            int nRows = rowStart[k + 1] - rowStart[k];
            int nColumns = columnStart[k + 1] - columnStart[k];
            if (nRows == 0 || nColumns == 0) {
                continue;
            }
            matched += solveSparsePart(k, nRows, nColumns, pairRow, pairColumn, pairCost, costLimit, rowToColumn, columnToRow);
        }
        return matched;
    }

    /** Counting sort of {@code count} nodes (offset in the node numbering) by part. */
    private void groupByPart(int parts, int count, int offset, int[] start, int[] grouped) {
        Arrays.fill(start, 0, parts + 1, 0);
        for (int i = 0; i < count; i++) {
            start[componentOf[offset + i] + 1]++;
        }
        for (int k = 0; k < parts; k++) {
            start[k + 1] += start[k];
        }
        // Placed in ascending node order within each part.
        System.arraycopy(start, 0, pairFill, 0, parts);
        for (int i = 0; i < count; i++) {
            grouped[pairFill[componentOf[offset + i]]++] = i;
        }
    }

    private int solveSparsePart(int k, int nRows, int nColumns, int[] pairRow, int[] pairColumn, double[] pairCost,
            double costLimit, int[] rowToColumn, int[] columnToRow) {
        for (int i = 0; i < nRows; i++) {
            componentRows[i] = groupedRows[rowStart[k] + i];
            localIndex[componentRows[i]] = i;
        }
        for (int j = 0; j < nColumns; j++) {
            componentColumns[j] = groupedColumns[columnStart[k] + j];
            columnLocal[componentColumns[j]] = j;
        }
        boolean transposed = nRows > nColumns;
        int blockRows = Math.min(nRows, nColumns);
        int blockColumns = Math.max(nRows, nColumns);
        if (block.length < blockRows * blockColumns) {
            block = new double[blockRows * blockColumns];
        }
        if (solution.length < blockRows) {
            solution = new int[blockRows];
        }
        Arrays.fill(block, 0, blockRows * blockColumns, 0);
        for (int q = pairStart[k]; q < pairStart[k + 1]; q++) {
            int p = groupedPairs[q];
            int r = localIndex[pairRow[p]];
            int c = columnLocal[pairColumn[p]];
            int i = transposed ? c : r;
            int j = transposed ? r : c;
            block[i * blockColumns + j] = pairCost[p] - costLimit;
        }
        hungarian.solve(block, blockRows, blockColumns, solution);
        int matched = 0;
        for (int i = 0; i < blockRows; i++) {
            int r = transposed ? solution[i] : i;
            int c = transposed ? i : solution[i];
            if (block[i * blockColumns + solution[i]] < 0) {
                int row = componentRows[r];
                int column = componentColumns[c];
                rowToColumn[row] = column;
                columnToRow[column] = row;
                matched++;
            }
        }
        return matched;
    }

    private void ensureSparse(int rows, int columns, int pairs) {
        int nodes = rows + columns;
        if (componentOf.length < nodes) {
            componentOf = new int[nodes];
            rowStart = new int[nodes + 1];
            columnStart = new int[nodes + 1];
            pairStart = new int[nodes + 1];
            pairFill = new int[nodes + 1];
        }
        if (groupedRows.length < rows) {
            groupedRows = new int[rows];
        }
        if (groupedColumns.length < columns) {
            groupedColumns = new int[columns];
            columnLocal = new int[columns];
        }
        if (groupedPairs.length < pairs) {
            groupedPairs = new int[pairs];
        }
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
