package dev.vigia.pipeline.track.kalman;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SORT's filter on filterpy's defaults as SORT sets them, checked by hand. */
class KalmanFilterXysrTest {

    @Test
    void initiatePredictUpdate() {
        KalmanFilterXysr filter = new KalmanFilterXysr();
        double[] x = new double[7];
        double[] p = new double[49];
        filter.initiate(new double[] {50, 60, 400, 0.5}, x, p);
        assertEquals(10, p[0], 0);
        assertEquals(10_000, p[4 * 7 + 4], 0);

        filter.predict(x, p);
        // x: 10 + 10000 (velocity) + Q 1; r has no velocity: 10 + 1; vx: 10000 + 0.01; vs: 10000 + 0.0001
        assertEquals(10_011, p[0], 1e-9);
        assertEquals(11, p[3 * 7 + 3], 1e-9);
        assertEquals(10_000.01, p[4 * 7 + 4], 1e-9);
        assertEquals(10_000.0001, p[6 * 7 + 6], 1e-9);
        assertEquals(10_000, p[0 * 7 + 4], 1e-9);

        filter.update(x, p, new double[] {52, 60, 400, 0.5});
        // R = 1 on x: gain 10011 / 10012; Joseph form gives P = (1-K)^2 P + K^2 R = 10011 / 10012
        double gain = 10_011.0 / 10_012.0;
        assertEquals(50 + gain * 2, x[0], 1e-9);
        assertEquals(10_011.0 / 10_012.0, p[0], 1e-6);
        assertEquals(10_000.0 / 10_012.0 * 2, x[4], 1e-9);
    }
}
