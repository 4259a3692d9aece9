package dev.vigia.pipeline.scenes;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class SourceNoiseTest {

    @Test
    void measuresTheFlickerAndLeavesOutSomeoneWalking() {
        int w = 160;
        int h = 120;
        byte[] ground = new byte[w * h * 3];
        Random random = new Random(3);
        for (int i = 0; i < ground.length; i++) {
            ground[i] = (byte) (60 + random.nextInt(120));
        }
        Mat plate = new Mat(h, w, CV_8UC3);
        plate.data().put(ground);
        List<Mat> frames = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            byte[] pixels = new byte[ground.length];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) ((ground[i] & 0xFF) + Math.round(random.nextGaussian() * 3));
            }
            // Someone 20 x 40 px, far brighter than the ground, in every frame at another place.
            for (int y = 30; y < 70; y++) {
                for (int x = 10 + f * 20; x < 30 + f * 20; x++) {
                    for (int c = 0; c < 3; c++) {
                        pixels[(y * w + x) * 3 + c] = (byte) 250;
                    }
                }
            }
            Mat frame = new Mat(h, w, CV_8UC3);
            frame.data().put(pixels);
            frames.add(frame);
        }
        // Gaussian noise of sigma 3, rounded to whole grey levels: sigma sqrt(9 + 1/12) = 3.01.
        assertEquals(3.01, SourceNoise.of(frames, plate), 0.05);
    }
}
