package dev.vigia.pipeline.upscale;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.vigia.models.upscale.ImageQuality;
import dev.vigia.models.upscale.TiledUpscaler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * How much super-resolution recovers, measured the standard way: each real image is shrunk by
 * the scale, then brought back by bicubic interpolation (the baseline) and by each model, and
 * both are compared with the original (PSNR and SSIM on luma, the scale cut from each edge).
 * Two degradations: plain bicubic shrinking, which aliases, and area averaging, which is
 * anti-aliased like a camera's optics. The models' time is measured on the same inputs.
 */
public final class UpscaleBenchmark {

    /** How the original is shrunk before it is restored. */
    public enum Degradation {
        PLAIN(INTER_CUBIC), ANTI_ALIASED(INTER_AREA);

        final int interpolation;

        Degradation(int interpolation) {
            this.interpolation = interpolation;
        }
    }

    /** One method's mean quality at one scale and degradation, over all images, and its time per output megapixel. */
    public record Row(String method, int scale, Degradation degradation, double psnr, double ssim, double msPerOutputMegapixel,
            int images) {}

    /** Restored images of the first original, per method, for side-by-side crops. */
    public record Sample(int scale, Degradation degradation, Mat original, Mat shrunk, List<String> methods, List<Mat> restored) {}

    public static final String BICUBIC = "bicubic";

    private final List<Mat> originals;
    private final List<String> models;
    private final IntFunction<List<TiledUpscaler>> upscalersAtScale;
    private final List<Sample> samples = new ArrayList<>();

    /**
     * @param upscalersAtScale the models to measure at a scale, in the order of {@code models};
     *     the benchmark closes them
     */
    public UpscaleBenchmark(List<Mat> originals, List<String> models, IntFunction<List<TiledUpscaler>> upscalersAtScale) {
        this.originals = originals;
        this.models = models;
        this.upscalersAtScale = upscalersAtScale;
    }

    public List<Row> run(List<Integer> scales) {
        List<Row> rows = new ArrayList<>();
        for (int scale : scales) {
            List<TiledUpscaler> upscalers = upscalersAtScale.apply(scale);
            try {
                for (Degradation degradation : Degradation.values()) {
                    rows.addAll(measure(scale, degradation, upscalers));
                }
            } finally {
                upscalers.forEach(TiledUpscaler::close);
            }
        }
        return rows;
    }

    /** The first image's restorations, one per scale and degradation; valid until the caller closes them. */
    public List<Sample> samples() {
        return samples;
    }

    private List<Row> measure(int scale, Degradation degradation, List<TiledUpscaler> upscalers) {
        int methods = upscalers.size() + 1;
        double[] psnr = new double[methods];
        double[] ssim = new double[methods];
        double[] millis = new double[methods];
        double[] megapixels = new double[methods];
        for (int i = 0; i < originals.size(); i++) {
            Mat original = cropToMultiple(originals.get(i), scale);
            Mat shrunk = new Mat();
            resize(original, shrunk, new Size(original.cols() / scale, original.rows() / scale), 0, 0, degradation.interpolation);
            Mat reference = ImageQuality.luma(original, scale);
            List<Mat> restored = new ArrayList<>();
            for (int m = 0; m < methods; m++) {
                long start = System.nanoTime();
                Mat output;
                if (m == 0) {
                    output = new Mat();
                    resize(shrunk, output, new Size(original.cols(), original.rows()), 0, 0, INTER_CUBIC);
                } else {
                    output = upscalers.get(m - 1).upscale(shrunk);
                }
                millis[m] += (System.nanoTime() - start) / 1e6;
                megapixels[m] += output.cols() * (double) output.rows() / 1e6;
                try (Mat luma = ImageQuality.luma(output, scale)) {
                    psnr[m] += ImageQuality.psnr(reference, luma);
                    ssim[m] += ImageQuality.ssim(reference, luma);
                }
                restored.add(output);
            }
            reference.close();
            if (i == 0) {
                List<String> names = new ArrayList<>(List.of(BICUBIC));
                names.addAll(models);
                samples.add(new Sample(scale, degradation, original, shrunk, names, restored));
            } else {
                restored.forEach(Mat::close);
                original.close();
                shrunk.close();
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < methods; m++) {
            rows.add(new Row(m == 0 ? BICUBIC : models.get(m - 1), scale, degradation, psnr[m] / originals.size(),
                    ssim[m] / originals.size(), millis[m] / megapixels[m], originals.size()));
        }
        return rows;
    }

    /** The image cut to whole multiples of {@code scale}, so shrinking and restoring give back its size. */
    private static Mat cropToMultiple(Mat image, int scale) {
        return image.apply(new Rect(0, 0, image.cols() / scale * scale, image.rows() / scale * scale)).clone();
    }
}
