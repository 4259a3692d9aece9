package dev.vigia.models.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** PSNR by its definition, and SSIM against the formula of Wang et al. computed here pixel by pixel. */
class ImageQualityTest {

    private final Random random = new Random(5);

    @Test
    void psnrOfAnImageOffByOneGreyLevelEverywhereIsTwentyLogOf255() {
        Mat reference = randomImage(40, 30);
        Mat shifted = new Mat();
        opencv_core.add(reference, new Mat(30, 40, opencv_core.CV_64F, new org.bytedeco.opencv.opencv_core.Scalar(1)), shifted);
        assertEquals(20 * Math.log10(255), ImageQuality.psnr(reference, shifted), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(reference, reference));
    }

    @Test
    void ssimMatchesTheFormulaOverGaussianWindows() {
        Mat reference = randomImage(24, 20);
        Mat noisy = reference.clone();
        try (DoubleIndexer pixels = noisy.createIndexer()) {
            for (int r = 0; r < 20; r++) {
                for (int c = 0; c < 24; c++) {
                    pixels.put(r, c, Math.max(0, Math.min(255, pixels.get(r, c) + random.nextGaussian() * 20)));
                }
            }
        }
        double expected = ssimByHand(reference, noisy);
        assertEquals(expected, ImageQuality.ssim(reference, noisy), 1e-4);
        assertTrue(expected < 0.95 && expected > 0.3, "the noise changes the image measurably: " + expected);
        assertEquals(1.0, ImageQuality.ssim(reference, reference), 1e-9);
    }

    /** Mean SSIM over every position whose 11×11 window (σ 1.5, normalised) lies inside the image. */
    private static double ssimByHand(Mat a, Mat b) {
        double[][] weights = new double[11][11];
        double total = 0;
        for (int dy = -5; dy <= 5; dy++) {
            for (int dx = -5; dx <= 5; dx++) {
                weights[dy + 5][dx + 5] = Math.exp(-(dx * dx + dy * dy) / (2 * 1.5 * 1.5));
                total += weights[dy + 5][dx + 5];
            }
        }
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double sum = 0;
        int count = 0;
        try (DoubleIndexer x = a.createIndexer(); DoubleIndexer y = b.createIndexer()) {
            for (int r = 5; r < a.rows() - 5; r++) {
                for (int c = 5; c < a.cols() - 5; c++) {
                    double mx = 0;
                    double my = 0;
                    double xx = 0;
                    double yy = 0;
                    double xy = 0;
                    for (int dy = -5; dy <= 5; dy++) {
                        for (int dx = -5; dx <= 5; dx++) {
                            double w = weights[dy + 5][dx + 5] / total;
                            double p = x.get(r + dy, c + dx);
                            double q = y.get(r + dy, c + dx);
                            mx += w * p;
                            my += w * q;
                            xx += w * p * p;
                            yy += w * q * q;
                            xy += w * p * q;
                        }
                    }
                    double vx = xx - mx * mx;
                    double vy = yy - my * my;
                    double cov = xy - mx * my;
                    sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                    count++;
                }
            }
        }
        return sum / count;
    }

    private Mat randomImage(int width, int height) {
        Mat image = new Mat(height, width, opencv_core.CV_64F);
        try (DoubleIndexer pixels = image.createIndexer()) {
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    // Smooth structure plus texture, like a photo's luma.
                    pixels.put(r, c, 128 + 60 * Math.sin(r / 3.0) * Math.cos(c / 4.0) + random.nextInt(30));
                }
            }
        }
        return image;
    }
}
