package dev.vigia.generator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between two sets of feature vectors seen as Gaussians:
 * |μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½). In Vigía's classifier's feature space, so it is
 * not Inception's FID and not comparable with published FIDs.
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    public static double between(float[][] a, float[][] b) {
        int d = a[0].length;
        double[] meanA = mean(a);
        double[] meanB = mean(b);
        DMatrixRMaj covA = covariance(a, meanA);
        DMatrixRMaj covB = covariance(b, meanB);
        double distance = 0;
        for (int i = 0; i < d; i++) {
            distance += (meanA[i] - meanB[i]) * (meanA[i] - meanB[i]);
        }
        DMatrixRMaj rootA = symmetricRoot(covA);
        DMatrixRMaj product = new DMatrixRMaj(d, d);
        DMatrixRMaj middle = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(rootA, covB, product);
        CommonOps_DDRM.mult(product, rootA, middle);
        double crossTrace = 0;
        for (double eigenvalue : eigenvalues(middle)) {
            crossTrace += Math.sqrt(Math.max(0, eigenvalue));
        }
        return distance + CommonOps_DDRM.trace(covA) + CommonOps_DDRM.trace(covB) - 2 * crossTrace;
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

    private static DMatrixRMaj symmetricRoot(DMatrixRMaj matrix) {
        int d = matrix.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(matrix.copy())) {
            throw new IllegalStateException("the covariance could not be decomposed");
        }
        DMatrixRMaj root = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double lambda = Math.sqrt(Math.max(0, eig.getEigenvalue(k).getReal()));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    root.add(i, j, lambda * v.get(i) * v.get(j));
                }
            }
        }
        return root;
    }

    private static double[] eigenvalues(DMatrixRMaj symmetric) {
        int d = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(symmetric.copy())) {
            throw new IllegalStateException("the product of covariances could not be decomposed");
        }
        double[] values = new double[d];
        for (int k = 0; k < d; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
        }
        return values;
    }
}
