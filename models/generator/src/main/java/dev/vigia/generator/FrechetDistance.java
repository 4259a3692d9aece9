package dev.vigia.generator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The Fréchet distance between two sets of feature vectors seen as Gaussians:
 * |μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½). In Vigía's classifier's feature space, so it is
 * not Inception's FID and not comparable with published FIDs.
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    /** The distance, or NaN when a feature is not a number or a covariance cannot be decomposed (no distance can be said then). */
    public static double between(float[][] a, float[][] b) {
        if (!finite(a) || !finite(b)) {
            return Double.NaN;
        }
        int d = a[0].length;
        double[] meanA = mean(a);
        double[] meanB = mean(b);
        DMatrixRMaj covA = covariance(a, meanA);
        DMatrixRMaj covB = covariance(b, meanB);
        double distance = 0;
        for (int i = 0; i < d; i++) {
            distance += (meanA[i] - meanB[i]) * (meanA[i] - meanB[i]);
        }
        double crossTrace = 0;
        try {
            DMatrixRMaj rootA = symmetricRoot(covA);
            DMatrixRMaj product = new DMatrixRMaj(d, d);
            DMatrixRMaj middle = new DMatrixRMaj(d, d);
            CommonOps_DDRM.mult(rootA, covB, product);
            CommonOps_DDRM.mult(product, rootA, middle);
            for (double eigenvalue : eigenvalues(middle)) {
                crossTrace += Math.sqrt(Math.max(0, eigenvalue));
            }
        } catch (ArithmeticException e) {
            return Double.NaN;
        }
        // A distance, so never below zero; rounding takes identical sets a hair under it.
        return Math.max(0, distance + CommonOps_DDRM.trace(covA) + CommonOps_DDRM.trace(covB) - 2 * crossTrace);
    }

    static double[] mean(float[][] rows) {
        double[] mean = new double[rows[0].length];
        for (float[] row : rows) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row[i] / (double) rows.length;
            }
        }
        return mean;
    }

    private static DMatrixRMaj covariance(float[][] rows, double[] mean) {
        int d = mean.length;
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        for (float[] row : rows) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov.add(i, j, (row[i] - mean[i]) * (row[j] - mean[j]) / (rows.length - 1.0));
                }
            }
        }
        return cov;
    }

    /**
     * A covariance's square root, from its singular value decomposition: a covariance is
     * symmetric and positive semi-definite, so its singular vectors are its eigenvectors. The
     * SVD rather than the symmetric eigen solver, which gave up on the many zero eigenvalues of
     * features that are often zero (a rectifier's), after a 15-minute training run.
     */
    private static DMatrixRMaj symmetricRoot(DMatrixRMaj matrix) {
        int d = matrix.numRows;
        SingularValueDecomposition_F64<DMatrixRMaj> svd = decomposed(matrix);
        DMatrixRMaj u = svd.getU(null, false);
        double[] singular = svd.getSingularValues();
        DMatrixRMaj root = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double lambda = Math.sqrt(Math.max(0, singular[k]));
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    root.add(i, j, lambda * u.get(i, k) * u.get(j, k));
                }
            }
        }
        return root;
    }

    /** The eigenvalues of a symmetric positive semi-definite matrix: its singular values. */
    private static double[] eigenvalues(DMatrixRMaj symmetric) {
        return decomposed(symmetric).getSingularValues();
    }

    private static SingularValueDecomposition_F64<DMatrixRMaj> decomposed(DMatrixRMaj matrix) {
        // Rounding leaves the product of covariances a little asymmetric: use its symmetric part.
        DMatrixRMaj symmetric = new DMatrixRMaj(matrix.numRows, matrix.numCols);
        CommonOps_DDRM.transpose(matrix, symmetric);
        CommonOps_DDRM.addEquals(symmetric, matrix);
        CommonOps_DDRM.scale(0.5, symmetric);
        // As pytorch-fid does for a singular product: a little more on the diagonal each time it fails, then no figure.
        double epsilon = 1e-6 * Math.max(1e-12, CommonOps_DDRM.elementMaxAbs(symmetric));
        for (int attempt = 0; attempt < 4; attempt++) {
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(matrix.numRows, matrix.numCols, true, true,
                    true);
            if (svd.decompose(symmetric.copy())) {
                return svd;
            }
            for (int i = 0; i < symmetric.numRows; i++) {
                symmetric.add(i, i, epsilon);
            }
            epsilon *= 100;
        }
        throw new ArithmeticException("a covariance could not be decomposed, even with an offset on its diagonal");
    }

    private static boolean finite(float[][] rows) {
        for (float[] row : rows) {
            for (float v : row) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
