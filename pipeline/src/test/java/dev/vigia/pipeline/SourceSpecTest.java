package dev.vigia.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SourceSpecTest {

    @Test
    void aDetectionRateBecomesAnIntervalFromTheSourcesOwnRate() {
        SourceSpec camera = SourceSpec.of("door", "rtsp://cam/door").detectFps(5);
        assertEquals(2, camera.detectEveryAt(10), "5 of 10 frames a second");
        assertEquals(5, camera.detectEveryAt(25));
        assertEquals(6, camera.detectEveryAt(30));
        assertEquals(1, camera.detectEveryAt(3), "a camera slower than the rate is detected on every frame");
        assertEquals(2, camera.fpsCap(10).detectEveryAt(30), "the cap is the rate frames arrive at");
        assertEquals(1, camera.detectEveryAt(0), "a rate not known yet: every frame until it is");
        assertEquals(3, SourceSpec.of("file", "a.mp4").detectEvery(3).detectEveryAt(25), "without a rate, the interval given");
    }
}
