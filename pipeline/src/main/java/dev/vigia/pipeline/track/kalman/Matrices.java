package dev.vigia.pipeline.track.kalman;

/**
 * The few dense-matrix operations the Kalman filters need, on row-major {@code double[]} with the
 * caller's output arrays (no allocation). Sizes are at most 8x8, where plain loops beat a library.
 */
final class Matrices {

    private Matrices() {}

    /** out(n x m) = a(n x k) * b(k x m) */
    static void multiply(double[] a, double[] b, double[] out, int n, int k, int m) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[i * k + p] * b[p * m + j];
                }
                out[i * m + j] = sum;
            }
        }
    }

    /** out(n x m) = a(n x k) * b(m x k)ᵀ */
    static void multiplyTransposed(double[] a, double[] b, double[] out, int n, int k, int m) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[i * k + p] * b[j * k + p];
                }
                out[i * m + j] = sum;
            }
        }
    }

    /**
     * Kalman gain K = P Hᵀ S⁻¹ for filters that measure the first {@code measured} state entries
     * directly (H = [I 0]), so P Hᵀ is the first {@code measured} columns of P.
     */
    static void gainForLeadingMeasurement(double[] covariance, double[] innovationInverse, double[] gain, int state, int measured) {
        for (int i = 0; i < state; i++) {
            for (int j = 0; j < measured; j++) {
                double sum = 0;
                for (int p = 0; p < measured; p++) {
                    sum += covariance[i * state + p] * innovationInverse[p * measured + j];
                }
                gain[i * measured + j] = sum;
            }
        }
    }

    /** Inverts a symmetric positive definite n x n matrix (n ≤ 8) by Gauss-Jordan with partial pivoting. */
    static void invert(double[] a, double[] out, int n, double[] work) {
        int width = 2 * n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                work[i * width + j] = a[i * n + j];
                work[i * width + n + j] = i == j ? 1 : 0;
            }
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(work[r * width + col]) > Math.abs(work[pivot * width + col])) {
                    pivot = r;
                }
            }
            if (pivot != col) {
                for (int j = 0; j < width; j++) {
                    double t = work[col * width + j];
                    work[col * width + j] = work[pivot * width + j];
                    work[pivot * width + j] = t;
                }
            }
            double diagonal = work[col * width + col];
            for (int j = 0; j < width; j++) {
                work[col * width + j] /= diagonal;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double factor = work[r * width + col];
                    if (factor != 0) {
                        for (int j = 0; j < width; j++) {
                            work[r * width + j] -= factor * work[col * width + j];
                        }
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(work, i * width + n, out, i * n, n);
        }
    }
}
