package dev.vigia.pipeline.precision;

import dev.vigia.models.measure.Percentiles;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionTrial;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A model that turns an image into an image (a person mask, a matte, an upscaled picture) at
 * fp32 and at bf16: both run on every image, alternating, for {@link #ROUNDS} rounds; the worst
 * {@link Similarity} of bf16's output to fp32's over the images must reach its bound.
 */
final class ImageModelPrecisionTrial implements PrecisionTrial {

    static final int ROUNDS = 2;

    /** One loaded model, run one image at a time; the caller closes what it returns. */
    interface ImageModel extends AutoCloseable {
        Mat apply(Mat image);

        @Override
        void close();
    }

    /** How alike two outputs are (larger is more alike) and the least that keeps bf16. */
    record Similarity(String name, ToDoubleBiFunction<Mat, Mat> measure, double atLeast) {}

    private final Function<Precision, ImageModel> open;
    private final List<Mat> images;
    private final Similarity similarity;

    ImageModelPrecisionTrial(Function<Precision, ImageModel> open, List<Mat> images, Similarity similarity) {
        this.open = open;
        this.images = images;
        this.similarity = similarity;
    }

    @Override
    public Outcome run() {
        long[][] nanos = new long[2][ROUNDS * images.size()];
        double worst = Double.POSITIVE_INFINITY;
        try (ImageModel fp32 = open.apply(Precision.FP32); ImageModel bf16 = open.apply(Precision.BF16)) {
            // One untimed call each: the first run optimises the graph (bf16's rewrite happens here).
            fp32.apply(images.get(0)).close();
            bf16.apply(images.get(0)).close();
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < images.size(); i++) {
                    long start = System.nanoTime();
                    Mat a = fp32.apply(images.get(i));
                    long middle = System.nanoTime();
                    Mat b = bf16.apply(images.get(i));
                    nanos[0][round * images.size() + i] = middle - start;
                    nanos[1][round * images.size() + i] = System.nanoTime() - middle;
                    if (round == 0) {
                        worst = Math.min(worst, similarity.measure().applyAsDouble(a, b));
                    }
                    a.close();
                    b.close();
                }
            }
        }
        String comparison = String.format(Locale.ROOT, "worst %s vs fp32 %.3f, at least %.3f needed, on %d images",
                similarity.name(), worst, similarity.atLeast(), images.size());
        return new Outcome(Percentiles.median(nanos[0]) / 1e6, Percentiles.median(nanos[1]) / 1e6, worst >= similarity.atLeast(), comparison);
    }
}
