package dev.vigia.pipeline.scenes;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class BackgroundPlateTest {

    @Test
    void eachChannelTakesTheMiddleValue() {
        // Ground 30/60/90 in four frames, someone (200/10/250) over it in one: the ground wins.
        Mat ground = new Mat(2, 3, CV_8UC3, new Scalar(30, 60, 90, 0));
        Mat walker = new Mat(2, 3, CV_8UC3, new Scalar(200, 10, 250, 0));
        Mat plate = BackgroundPlate.median(List.of(ground, walker, ground, ground, new Mat(2, 3, CV_8UC3, new Scalar(31, 61, 91, 0))));
        byte[] pixels = new byte[18];
        plate.data().get(pixels);
        byte[] expected = new byte[18];
        for (int i = 0; i < 6; i++) {
            expected[i * 3] = 30;
            expected[i * 3 + 1] = 60;
            expected[i * 3 + 2] = 90;
        }
        assertArrayEquals(expected, pixels);
    }
}
