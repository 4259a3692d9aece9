package dev.vigia.models.upscale;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YCrCb;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * How close a reconstructed image is to the original, the way super-resolution papers report
 * it: on the luma (Y of YCbCr) channel, with {@code border} pixels cut from every edge (the
 * scale factor, by convention). PSNR in dB against 8-bit white; SSIM as Wang et al. (2004):
 * an 11×11 Gaussian window of σ 1.5, K1 0.01, K2 0.03, averaged over the positions where the
 * window lies inside the image. Written here because no library on the JVM computes SSIM.
 */
public final class ImageQuality {

    private static final int WINDOW = 11;
    private static final double SIGMA = 1.5;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);

    private ImageQuality() {}

    /** The luma of a BGR image as doubles in 0–255, {@code border} pixels cut from every side. */
    public static Mat luma(Mat bgr, int border) {
        try (Mat ycrcb = new Mat(); MatVector planes = new MatVector()) {
            cvtColor(bgr, ycrcb, COLOR_BGR2YCrCb);
            opencv_core.split(ycrcb, planes);
            Mat y = new Mat();
            planes.get(0).convertTo(y, CV_64F);
            Mat cut = y.apply(new Rect(border, border, bgr.cols() - 2 * border, bgr.rows() - 2 * border)).clone();
            y.close();
            return cut;
        }
    }

    /** Peak signal-to-noise ratio of two same-sized luma images, in dB; infinite for identical ones. */
    public static double psnr(Mat reference, Mat test) {
        requireSameSize(reference, test);
        try (Mat diff = new Mat(); Mat squared = new Mat()) {
            subtract(reference, test, diff);
            multiply(diff, diff, squared);
            double mse = opencv_core.mean(squared).get(0);
            return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
        }
    }

    /** Mean structural similarity of two same-sized luma images, 1 for identical ones. */
    public static double ssim(Mat reference, Mat test) {
        requireSameSize(reference, test);
        if (reference.cols() < WINDOW || reference.rows() < WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW + " pixels");
        }
        Mat muX = blur(reference);
        Mat muY = blur(test);
        Mat sigmaX = subtractProduct(blur(product(reference, reference)), muX, muX);
        Mat sigmaY = subtractProduct(blur(product(test, test)), muY, muY);
        Mat sigmaXy = subtractProduct(blur(product(reference, test)), muX, muY);
        int radius = WINDOW / 2;
        double sum = 0;
        int count = 0;
        DoubleIndexer mx = muX.createIndexer();
        DoubleIndexer my = muY.createIndexer();
        DoubleIndexer sx = sigmaX.createIndexer();
        DoubleIndexer sy = sigmaY.createIndexer();
        DoubleIndexer sxy = sigmaXy.createIndexer();
        for (int r = radius; r < reference.rows() - radius; r++) {
            for (int c = radius; c < reference.cols() - radius; c++) {
                double a = mx.get(r, c);
                double b = my.get(r, c);
                double va = sx.get(r, c);
                double vb = sy.get(r, c);
                double cov = sxy.get(r, c);
                sum += (2 * a * b + C1) * (2 * cov + C2) / ((a * a + b * b + C1) * (va + vb + C2));
                count++;
            }
        }
        for (AutoCloseable closing : new AutoCloseable[] {mx, my, sx, sy, sxy}) {
            try {
                closing.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        for (Mat m : new Mat[] {muX, muY, sigmaX, sigmaY, sigmaXy}) {
            m.close();
        }
        return sum / count;
    }

    private static Mat blur(Mat image) {
        Mat out = new Mat();
        // Only positions whose window lies inside are averaged, so the border mode never counts.
        GaussianBlur(image, out, new Size(WINDOW, WINDOW), SIGMA, SIGMA, BORDER_REFLECT, 0);
        return out;
    }

    private static Mat product(Mat a, Mat b) {
        Mat out = new Mat();
        multiply(a, b, out);
        return out;
    }

    /** {@code moments - a * b}, reusing {@code moments}. */
    private static Mat subtractProduct(Mat moments, Mat a, Mat b) {
        try (Mat ab = product(a, b)) {
            subtract(moments, ab, moments);
        }
        return moments;
    }

    private static void requireSameSize(Mat a, Mat b) {
        if (a.cols() != b.cols() || a.rows() != b.rows()) {
            throw new IllegalArgumentException("Images differ in size: " + a.cols() + "x" + a.rows() + " and " + b.cols() + "x" + b.rows());
        }
    }
}
