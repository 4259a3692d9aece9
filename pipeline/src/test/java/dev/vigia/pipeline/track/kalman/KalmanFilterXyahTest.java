package dev.vigia.pipeline.track.kalman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** One initiate / predict / update cycle checked against values worked out by hand (h = 100). */
class KalmanFilterXyahTest {

    private final KalmanFilterXyah filter = new KalmanFilterXyah();
    private final double[] mean = new double[8];
    private final double[] covariance = new double[64];

    private double var(int i) {
        return covariance[i * 8 + i];
    }

    @Test
    void initiatePredictUpdate() {
        double[] z = {10, 20, 0.5, 100};
        filter.initiate(z, mean, covariance);
        assertArrayEquals(new double[] {10, 20, 0.5, 100, 0, 0, 0, 0}, mean, 0);
        // std: position 2 * 100/20 = 10, velocity 10 * 100/160 = 6.25, aspect 1e-2 and 1e-5
        assertEquals(100, var(0), 1e-12);
        assertEquals(1e-4, var(2), 1e-18);
        assertEquals(39.0625, var(4), 1e-12);
        assertEquals(1e-10, var(6), 1e-20);

        mean[4] = 3; // moving right 3 px a frame
        filter.predict(mean, covariance);
        assertEquals(13, mean[0], 1e-12);
        // x: 100 + 39.0625 (velocity carried in) + (100/20)^2 = 164.0625; vx: 39.0625 + (100/160)^2
        assertEquals(164.0625, var(0), 1e-9);
        assertEquals(39.453125, var(4), 1e-9);
        assertEquals(39.0625, covariance[0 * 8 + 4], 1e-9);

        filter.update(mean, covariance, new double[] {15, 20, 0.5, 100});
        // S = 164.0625 + (100/20)^2 = 189.0625; gain on x = 164.0625 / 189.0625
        double gain = 164.0625 / 189.0625;
        assertEquals(13 + gain * 2, mean[0], 1e-9);
        assertEquals(164.0625 - 164.0625 * gain, var(0), 1e-9);
        // velocity learns through the x-vx covariance: 39.0625 / 189.0625 per pixel of surprise
        assertEquals(3 + 39.0625 / 189.0625 * 2, mean[4], 1e-9);
    }
}
