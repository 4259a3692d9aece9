package dev.vigia.pipeline.track.kalman;

/**
 * SORT's constant-velocity Kalman filter on box centre x, y, area s and aspect ratio r = w / h
 * (r has no velocity). State (7): x, y, s, r, vx, vy, vs. Noise settings as SORT sets them on
 * filterpy's defaults; the update uses the Joseph form, as filterpy does.
 */
public final class KalmanFilterXysr {

    public static final int STATE = 7;
    private static final int MEASURE = 4;

    private final double[] residual = new double[MEASURE];
    private final double[] motion = new double[STATE * STATE];
    private final double[] processNoise = new double[STATE * STATE];
    private final double[] measurementNoise = new double[MEASURE * MEASURE];
    private final double[] temp = new double[STATE * STATE];
    private final double[] temp2 = new double[STATE * STATE];
    private final double[] innovationCovariance = new double[MEASURE * MEASURE];
    private final double[] inverse = new double[MEASURE * MEASURE];
    private final double[] gain = new double[STATE * MEASURE];
    private final double[] identityMinusKh = new double[STATE * STATE];
    private final double[] work = new double[2 * STATE * STATE];

    public KalmanFilterXysr() {
        for (int i = 0; i < STATE; i++) {
            motion[i * STATE + i] = 1;
            processNoise[i * STATE + i] = 1;
        }
        for (int i = 0; i < 3; i++) {
            motion[i * STATE + 4 + i] = 1;
        }
        processNoise[6 * STATE + 6] *= 0.01;
        for (int i = 4; i < STATE; i++) {
            processNoise[i * STATE + i] *= 0.01;
        }
        for (int i = 0; i < MEASURE; i++) {
            measurementNoise[i * MEASURE + i] = i >= 2 ? 10 : 1;
        }
    }

    /** Starts a track at measurement (x, y, s, r); unobserved velocities get a large variance. */
    public void initiate(double[] measurement, double[] state, double[] covariance) {
        java.util.Arrays.fill(state, 0);
        System.arraycopy(measurement, 0, state, 0, MEASURE);
        java.util.Arrays.fill(covariance, 0);
        for (int i = 0; i < STATE; i++) {
            covariance[i * STATE + i] = i >= 4 ? 10_000 : 10;
        }
    }

    public void predict(double[] state, double[] covariance) {
        if (state[6] + state[2] <= 0) {
            state[6] = 0;
        }
        for (int i = 0; i < 3; i++) {
            state[i] += state[4 + i];
        }
        Matrices.multiply(motion, covariance, temp, STATE, STATE, STATE);
        Matrices.multiplyTransposed(temp, motion, covariance, STATE, STATE, STATE);
        for (int i = 0; i < STATE * STATE; i++) {
            covariance[i] += processNoise[i];
        }
    }

    public void update(double[] state, double[] covariance, double[] measurement) {
        for (int i = 0; i < MEASURE; i++) {
            for (int j = 0; j < MEASURE; j++) {
                innovationCovariance[i * MEASURE + j] = covariance[i * STATE + j] + measurementNoise[i * MEASURE + j];
            }
        }
        Matrices.invert(innovationCovariance, inverse, MEASURE, work);
        Matrices.gainForLeadingMeasurement(covariance, inverse, gain, STATE, MEASURE);
        double[] residual = this.residual;
        for (int i = 0; i < MEASURE; i++) {
            residual[i] = measurement[i] - state[i];
        }
        for (int i = 0; i < STATE; i++) {
            double correction = 0;
            for (int j = 0; j < MEASURE; j++) {
                correction += gain[i * MEASURE + j] * residual[j];
            }
            state[i] += correction;
        }
        // Joseph form: P = (I - KH) P (I - KH)ᵀ + K R Kᵀ
        for (int i = 0; i < STATE; i++) {
            for (int j = 0; j < STATE; j++) {
                identityMinusKh[i * STATE + j] = (i == j ? 1 : 0) - (j < MEASURE ? gain[i * MEASURE + j] : 0);
            }
        }
        Matrices.multiply(identityMinusKh, covariance, temp, STATE, STATE, STATE);
        Matrices.multiplyTransposed(temp, identityMinusKh, temp2, STATE, STATE, STATE);
        Matrices.multiply(gain, measurementNoise, temp, STATE, MEASURE, MEASURE);
        for (int i = 0; i < STATE; i++) {
            for (int j = 0; j < STATE; j++) {
                double sum = 0;
                for (int p = 0; p < MEASURE; p++) {
                    sum += temp[i * MEASURE + p] * gain[j * MEASURE + p];
                }
                covariance[i * STATE + j] = temp2[i * STATE + j] + sum;
            }
        }
    }
}
