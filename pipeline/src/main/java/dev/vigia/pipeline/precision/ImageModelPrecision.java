package dev.vigia.pipeline.precision;

import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.precision.CpuFeatures;
import dev.vigia.models.precision.Precision;
import dev.vigia.models.precision.PrecisionChooser;
import dev.vigia.models.precision.PrecisionDecision;
import dev.vigia.models.segment.MattingModel;
import dev.vigia.models.segment.PersonSegmenter;
import dev.vigia.models.segment.Segmenters;
import dev.vigia.models.segment.VideoMatter;
import dev.vigia.models.store.InstalledModel;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.upscale.ImageQuality;
import dev.vigia.models.upscale.Upscaler;
import dev.vigia.models.upscale.UpscalerModel;
import dev.vigia.models.upscale.Upscalers;
import dev.vigia.pipeline.compare.LabelledImages;
import dev.vigia.samples.SampleMedia;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * The precision of the models that are not detectors, decided as {@link DetectorPrecision} decides
 * a detector's, each with its own measure of "the same output": person masks and mattes by the
 * IoU of their cut-outs above 0.5 with fp32's ({@link #MIN_MASK_IOU}), upscaled images by their luma
 * PSNR against fp32's ({@link #MIN_PSNR_DB}: bf16's 8-bit mantissa alone would allow ~48 dB).
 */
public final class ImageModelPrecision {

    static final double MIN_MASK_IOU = 0.98;
    static final double MIN_PSNR_DB = 40;
    /** Sample pictures of people, and the video frames the matting model runs over in order. */
    static final List<String> PEOPLE = List.of("person.jpg", "messi5.jpg", "basketball1.png");
    static final int MATTING_FRAMES = 4;
    /** Upscalers run on crops this big: whole pictures would take seconds each. */
    static final int UPSCALE_CROP = 64;

    private ImageModelPrecision() {}

    /** The person segmenter's precision on this CPU. */
    public static PrecisionDecision personSegmenter(ModelStore store, String id, DeviceChoice device, Precision requested) {
        InstalledModel model = store.ensure(id);
        return new PrecisionChooser(CpuFeatures.thisMachine()).decide(requested, model.folder(), model.savedModel(),
                () -> new ImageModelPrecisionTrial(p -> {
                    PersonSegmenter segmenter = Segmenters.person(store, id, device, p);
                    return new Opened(segmenter::segment, segmenter);
                }, pictures(PEOPLE), new ImageModelPrecisionTrial.Similarity("mask IoU", ImageModelPrecision::maskIou, MIN_MASK_IOU)).run());
    }

    /** The matting model's precision on this CPU (frames of the sample video, in order, as a stream feeds it). */
    public static PrecisionDecision matting(ModelStore store, String id, DeviceChoice device, Precision requested) {
        InstalledModel model = store.ensure(id);
        return new PrecisionChooser(CpuFeatures.thisMachine()).decide(requested, model.folder(), model.savedModel(),
                () -> new ImageModelPrecisionTrial(p -> {
                    MattingModel matting = Segmenters.matting(store, id, device, p);
                    VideoMatter matter = matting.newMatter();
                    return new Opened(matter::alpha, () -> {
                        matter.close();
                        matting.close();
                    });
                }, LabelledImages.ofVideo(SampleMedia.standard().file("vtest.avi"), MATTING_FRAMES).images(),
                        new ImageModelPrecisionTrial.Similarity("matte IoU", ImageModelPrecision::maskIou, MIN_MASK_IOU)).run());
    }

    /** The upscaler's precision on this CPU. */
    public static PrecisionDecision upscaler(ModelStore store, String name, Integer scale, DeviceChoice device, Precision requested) {
        InstalledModel model = store.ensure(Upscalers.resolve(store, name, scale));
        return new PrecisionChooser(CpuFeatures.thisMachine()).decide(requested, model.folder(), model.savedModel(),
                () -> new ImageModelPrecisionTrial(p -> {
                    UpscalerModel loaded = Upscalers.load(store, name, scale, device, p);
                    Upscaler upscaler = loaded.newUpscaler();
                    return new Opened(upscaler::upscale, () -> {
                        upscaler.close();
                        loaded.close();
                    });
                }, crops(pictures(PEOPLE)), new ImageModelPrecisionTrial.Similarity("luma PSNR dB", ImageModelPrecision::psnr,
                        MIN_PSNR_DB)).run());
    }

    private record Opened(java.util.function.UnaryOperator<Mat> run, AutoCloseable closer) implements ImageModelPrecisionTrial.ImageModel {
        @Override
        public Mat apply(Mat image) {
            return run.apply(image);
        }

        @Override
        public void close() {
            try {
                closer.close();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot close a trial model: " + e.getMessage(), e);
            }
        }
    }

    private static List<Mat> pictures(List<String> names) {
        List<Mat> images = new ArrayList<>();
        for (String name : names) {
            images.add(imread(SampleMedia.standard().file(name).toString()));
        }
        return images;
    }

    /** The centre of each picture. */
    private static List<Mat> crops(List<Mat> pictures) {
        List<Mat> crops = new ArrayList<>();
        for (Mat picture : pictures) {
            int side = Math.min(UPSCALE_CROP, Math.min(picture.cols(), picture.rows()));
            try (Rect centre = new Rect((picture.cols() - side) / 2, (picture.rows() - side) / 2, side, side)) {
                crops.add(picture.apply(centre).clone());
            }
        }
        return crops;
    }

    /** IoU of the pixels each CV_32F map puts above 0.5; 1 when neither has any. */
    static double maskIou(Mat a, Mat b) {
        try (Mat ca = new Mat(); Mat cb = new Mat(); Mat ua = new Mat(); Mat ub = new Mat(); Mat both = new Mat(); Mat either = new Mat()) {
            threshold(a, ca, 0.5, 1, THRESH_BINARY);
            threshold(b, cb, 0.5, 1, THRESH_BINARY);
            ca.convertTo(ua, org.bytedeco.opencv.global.opencv_core.CV_8U);
            cb.convertTo(ub, org.bytedeco.opencv.global.opencv_core.CV_8U);
            bitwise_and(ua, ub, both);
            bitwise_or(ua, ub, either);
            int union = countNonZero(either);
            return union == 0 ? 1 : countNonZero(both) / (double) union;
        }
    }

    private static double psnr(Mat a, Mat b) {
        try (Mat la = ImageQuality.luma(a, 0); Mat lb = ImageQuality.luma(b, 0)) {
            return ImageQuality.psnr(la, lb);
        }
    }
}
