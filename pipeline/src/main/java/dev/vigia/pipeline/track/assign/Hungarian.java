package dev.vigia.pipeline.track.assign;

import java.util.Arrays;

/**
 * Minimum-cost assignment on a dense rectangular matrix with rows ≤ columns (Hungarian method
 * with potentials, O(rows² · columns)). Every row gets a column.
 *
 * <p>Scratch arrays grow to the largest problem and are reused; one instance per thread.
 */
final class Hungarian {

    private double[] u = new double[0];
    private double[] v = new double[0];
    private double[] minSlack = new double[0];
    private int[] columnOwner = new int[0];
    private int[] way = new int[0];
    private boolean[] used = new boolean[0];

    /**
     * @param cost row-major, {@code rows * columns} entries
     * @param rowToColumn filled with the column chosen for each row
     */
    void solve(double[] cost, int rows, int columns, int[] rowToColumn) {
        if (rows > columns) {
            throw new IllegalArgumentException("Hungarian needs rows <= columns, got " + rows + "x" + columns);
        }
        ensure(rows, columns);
        Arrays.fill(u, 0, rows + 1, 0);
        Arrays.fill(v, 0, columns + 1, 0);
        Arrays.fill(columnOwner, 0, columns + 1, 0);
        for (int row = 1; row <= rows; row++) {
            columnOwner[0] = row;
            int column0 = 0;
            Arrays.fill(minSlack, 0, columns + 1, Double.POSITIVE_INFINITY);
            Arrays.fill(used, 0, columns + 1, false);
            do {
                used[column0] = true;
                int row0 = columnOwner[column0];
                double delta = Double.POSITIVE_INFINITY;
                int column1 = 0;
                for (int column = 1; column <= columns; column++) {
                    if (!used[column]) {
                        double slack = cost[(row0 - 1) * columns + (column - 1)] - u[row0] - v[column];
                        if (slack < minSlack[column]) {
                            minSlack[column] = slack;
                            way[column] = column0;
                        }
                        if (minSlack[column] < delta) {
                            delta = minSlack[column];
                            column1 = column;
                        }
                    }
                }
                if (column1 == 0) {
                    throw new IllegalArgumentException("Assignment costs must be finite numbers");
                }
                for (int column = 0; column <= columns; column++) {
                    if (used[column]) {
                        u[columnOwner[column]] += delta;
                        v[column] -= delta;
                    } else {
                        minSlack[column] -= delta;
                    }
                }
                column0 = column1;
            } while (columnOwner[column0] != 0);
            do {
                int column1 = way[column0];
                columnOwner[column0] = columnOwner[column1];
                column0 = column1;
            } while (column0 != 0);
        }
        for (int column = 1; column <= columns; column++) {
            if (columnOwner[column] != 0) {
                rowToColumn[columnOwner[column] - 1] = column - 1;
            }
        }
    }

    private void ensure(int rows, int columns) {
        if (u.length < rows + 1) {
            u = new double[rows + 1];
        }
        if (v.length < columns + 1) {
            v = new double[columns + 1];
            minSlack = new double[columns + 1];
            columnOwner = new int[columns + 1];
            way = new int[columns + 1];
            used = new boolean[columns + 1];
        }
    }
}
