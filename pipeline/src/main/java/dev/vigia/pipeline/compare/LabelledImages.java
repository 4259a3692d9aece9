package dev.vigia.pipeline.compare;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.models.eval.CocoJson;
import dev.vigia.models.eval.Dataset;
import dev.vigia.samples.SampleMedia;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A labelled image set for comparison runs: COCO ground truth and the images it names, read
 * into memory once. Images are files beside the labels, or — in Vigía's own development sets —
 * sample media by name, with {@code video.avi@N} meaning frame N (from 0) of a sample video.
 *
 * @param truth the ground truth, with no detections
 * @param images the images, in the ground truth's image order
 */
public record LabelledImages(String name, Dataset truth, List<Mat> images) {

    /** Vigía's hand-labelled development sets (samples module, {@code devsets/README.md}). */
    public static final List<String> DEV_SETS = List.of("objects", "faces");

    /** A development set by name, or a folder holding {@code annotations.json} and the images it names. */
    public static LabelledImages open(String nameOrFolder) {
        if (DEV_SETS.contains(nameOrFolder)) {
            return devSet(nameOrFolder);
        }
        Path folder = Path.of(nameOrFolder);
        if (!Files.isRegularFile(folder.resolve("annotations.json"))) {
            throw new InvalidSettingException(Setting.DATASET, nameOrFolder, "The dataset '" + nameOrFolder + "' is neither "
                    + String.join(" nor ", DEV_SETS) + " nor a folder with annotations.json (COCO ground truth) and its images");
        }
        return of(folder.resolve("annotations.json"), folder);
    }

    /** COCO ground truth and the folder of the images its {@code file_name}s name. */
    public static LabelledImages of(Path groundTruth, Path imageFolder) {
        Dataset truth = CocoJson.readGroundTruth(groundTruth);
        List<Mat> images = new ArrayList<>();
        for (String file : truth.imageNames()) {
            Path image = imageFolder.resolve(file);
            Mat read = Files.isRegularFile(image) ? imread(image.toString(), IMREAD_COLOR) : null;
            if (read == null || read.empty()) {
                throw new UserError(groundTruth + " names image " + file + ", which is not a readable image in " + imageFolder);
            }
            images.add(read);
        }
        return new LabelledImages(groundTruth.getFileName().toString(), truth, images);
    }

    /** The first {@code frames} frames of a video, with no labels: a comparison of speed only. */
    public static LabelledImages ofVideo(Path video, int frames) {
        if (!Files.isRegularFile(video)) {
            throw new InvalidSettingException(Setting.SOURCE, video.toString(), "The video " + video + " does not exist");
        }
        List<Mat> images = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            Frame frame;
            while (images.size() < frames && (frame = grabber.grabImage()) != null) {
                images.add(converter.convert(frame).clone());
            }
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new UserError("Cannot read the video " + video + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (images.isEmpty()) {
            throw new UserError(video + " has no video frames");
        }
        long[] ids = new long[images.size()];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
            names.add(video.getFileName() + "@" + i);
        }
        Dataset none = new Dataset(ids, names, new long[0], List.of(), new dev.vigia.models.eval.BoxSet(), new dev.vigia.models.eval.BoxSet());
        return new LabelledImages(video.getFileName().toString(), none, images);
    }

    private static LabelledImages devSet(String name) {
        String resource = "/dev/vigia/samples/devsets/" + name + ".json";
        Dataset truth;
        try (InputStream in = LabelledImages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The development set " + name + " is missing from the build");
            }
            truth = CocoJson.readGroundTruth(in, "development set " + name);
        } catch (IOException e) {
            throw new UserError("Cannot read the development set " + name + ": " + e.getMessage());
        }
        List<Mat> images = new ArrayList<>();
        for (String file : truth.imageNames()) {
            images.add(sampleImage(file));
        }
        return new LabelledImages(name, truth, images);
    }

    /** A sample image by name, or frame N of a sample video for {@code video@N}. */
    static Mat sampleImage(String name) {
        int at = name.lastIndexOf('@');
        if (at < 0) {
            return imread(SampleMedia.standard().file(name).toString(), IMREAD_COLOR);
        }
        int wanted = Integer.parseInt(name.substring(at + 1));
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(SampleMedia.standard().file(name.substring(0, at)).toFile());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            for (int n = 0; ; n++) {
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    throw new UserError(name + ": the video has only " + n + " frames");
                }
                if (n == wanted) {
                    return converter.convert(frame).clone();
                }
            }
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new UserError("Cannot read " + name + ": " + e.getMessage());
        }
    }
}
