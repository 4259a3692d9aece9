package dev.vigia.pipeline.track.kalman;

/**
 * Constant-velocity Kalman filter on box centre x, y, aspect ratio a = w / h and height h, as in
 * DeepSORT and ByteTrack. State (8): x, y, a, h and their velocities. Noise scales with the box
 * height: position noise {@code h / 20}, velocity noise {@code h / 160}.
 *
 * <p>A track keeps its own {@code mean[8]} and {@code covariance[64]}; the filter holds only
 * scratch space, so one instance serves all tracks of one tracker (one thread).
 */
public final class KalmanFilterXyah {

    public static final int STATE = 8;
    private static final int MEASURE = 4;
    private static final double POSITION_WEIGHT = 1.0 / 20;
    private static final double VELOCITY_WEIGHT = 1.0 / 160;

    private final double[] motion = new double[STATE * STATE];
    private final double[] temp = new double[STATE * STATE];
    private final double[] projectedMean = new double[MEASURE];
    private final double[] projectedCovariance = new double[MEASURE * MEASURE];
    private final double[] inverse = new double[MEASURE * MEASURE];
    private final double[] gain = new double[STATE * MEASURE];
    private final double[] work = new double[2 * STATE * STATE];
    // Noise standard deviations of the current step (hot path: filled in place, not allocated per track).
    private final double[] stateStd = new double[STATE];
    private final double[] measureStd = new double[MEASURE];

    public KalmanFilterXyah() {
        for (int i = 0; i < STATE; i++) {
            motion[i * STATE + i] = 1;
        }
        for (int i = 0; i < MEASURE; i++) {
            motion[i * STATE + MEASURE + i] = 1;
        }
    }

    /** Starts a track at measurement (x, y, a, h) with zero velocity and height-scaled uncertainty. */
    public void initiate(double[] measurement, double[] mean, double[] covariance) {
        double h = measurement[3];
        System.arraycopy(measurement, 0, mean, 0, MEASURE);
        java.util.Arrays.fill(mean, MEASURE, STATE, 0);
        double[] std = {2 * POSITION_WEIGHT * h, 2 * POSITION_WEIGHT * h, 1e-2, 2 * POSITION_WEIGHT * h,
            10 * VELOCITY_WEIGHT * h, 10 * VELOCITY_WEIGHT * h, 1e-5, 10 * VELOCITY_WEIGHT * h};
        java.util.Arrays.fill(covariance, 0);
        for (int i = 0; i < STATE; i++) {
            covariance[i * STATE + i] = std[i] * std[i];
        }
    }

    /** One step forward: mean = F·mean, covariance = F·P·Fᵀ + Q. */
    public void predict(double[] mean, double[] covariance) {
        double h = mean[3];
        double[] std = fill(stateStd, POSITION_WEIGHT * h, POSITION_WEIGHT * h, 1e-2, POSITION_WEIGHT * h,
                VELOCITY_WEIGHT * h, VELOCITY_WEIGHT * h, 1e-5, VELOCITY_WEIGHT * h);
        for (int i = 0; i < MEASURE; i++) {
            mean[i] += mean[MEASURE + i];
        }
        Matrices.multiply(motion, covariance, temp, STATE, STATE, STATE);
        Matrices.multiplyTransposed(temp, motion, covariance, STATE, STATE, STATE);
        for (int i = 0; i < STATE; i++) {
            covariance[i * STATE + i] += std[i] * std[i];
        }
    }

    /** Corrects the state with measurement (x, y, a, h). */
    public void update(double[] mean, double[] covariance, double[] measurement) {
        double h = mean[3];
        double[] std = measureStd;
        std[0] = POSITION_WEIGHT * h;
        std[1] = POSITION_WEIGHT * h;
        std[2] = 1e-1;
        std[3] = POSITION_WEIGHT * h;
        // Projection to measurement space: the first four state entries.
        for (int i = 0; i < MEASURE; i++) {
            projectedMean[i] = mean[i];
            for (int j = 0; j < MEASURE; j++) {
                projectedCovariance[i * MEASURE + j] = covariance[i * STATE + j];
            }
            projectedCovariance[i * MEASURE + i] += std[i] * std[i];
        }
        Matrices.invert(projectedCovariance, inverse, MEASURE, work);
        Matrices.gainForLeadingMeasurement(covariance, inverse, gain, STATE, MEASURE);
        for (int i = 0; i < STATE; i++) {
            double correction = 0;
            for (int j = 0; j < MEASURE; j++) {
                correction += gain[i * MEASURE + j] * (measurement[j] - projectedMean[j]);
            }
            mean[i] += correction;
        }
        // P = P - K S Kᵀ
        Matrices.multiply(gain, projectedCovariance, temp, STATE, MEASURE, MEASURE);
        for (int i = 0; i < STATE; i++) {
            for (int j = 0; j < STATE; j++) {
                double sum = 0;
                for (int p = 0; p < MEASURE; p++) {
                    sum += temp[i * MEASURE + p] * gain[j * MEASURE + p];
                }
                covariance[i * STATE + j] -= sum;
            }
        }
    }

    private static double[] fill(double[] into, double a, double b, double c, double d, double e, double f, double g, double k) {
        into[0] = a;
        into[1] = b;
        into[2] = c;
        into[3] = d;
        into[4] = e;
        into[5] = f;
        into[6] = g;
        into[7] = k;
        return into;
    }
}
