package dev.vigia.pipeline.eval;

import dev.vigia.pipeline.track.assign.LinearAssignment;

/** {@code scipy.optimize.linear_sum_assignment(-score)}: a full matching of maximum total score. */
final class MaxAssignment {

    private final LinearAssignment assignment = new LinearAssignment();

    /** Returns each row's column (every row, or every column when there are fewer, is matched). */
    int[] solve(double[][] score) {
        int rows = score.length;
        int columns = rows == 0 ? 0 : score[0].length;
        double[] cost = new double[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                cost[i * columns + j] = -score[i][j];
            }
        }
        int[] rowToColumn = new int[rows];
        assignment.solve(cost, rows, columns, Double.POSITIVE_INFINITY, rowToColumn, new int[columns]);
        return rowToColumn;
    }
}
