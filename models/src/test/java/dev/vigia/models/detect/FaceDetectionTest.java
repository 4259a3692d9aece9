package dev.vigia.models.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.models.boxes.Detection;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.samples.SampleMedia;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded face detectors (face-api's Tiny Face Detector, a Tiny-YOLOv2, and its SSD
 * MobileNetV1) built by our graph builders from the weights manifests, on real pictures from
 * Debian's opencv-doc. Reference boxes x1,y1,x2,y2 were labelled by looking at the pictures.
 */
class FaceDetectionTest {

    private static final float[] MESSI5_FACE = {222, 85, 258, 130};
    private static final float[] BASKETBALL1_FACE = {68, 90, 104, 138};
    /** Megamind.avi frame 30 (0-based): the woman in front, the man at the table behind her. */
    private static final float[] MEGAMIND_30_WOMAN = {222, 180, 372, 335};
    private static final float[] MEGAMIND_30_MAN = {445, 170, 520, 250};
    /** Megamind.avi frame 120: the man with glasses. */
    private static final float[] MEGAMIND_120_MAN = {388, 165, 548, 355};

    private static Map<Integer, Mat> megamind;

    @BeforeAll
    static void readFrames() throws Exception {
        megamind = new java.util.HashMap<>();
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(SampleMedia.standard().file("Megamind.avi").toFile());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            for (int n = 0; n <= 120; n++) {
                Frame frame = grabber.grabImage();
                if (n == 30 || n == 120) {
                    megamind.put(n, converter.convert(frame).clone());
                }
            }
        }
    }

    @Test
    void ssdFindsTheFacesInThePhotosAndTheFilm() {
        try (Detector ssd = open("ssd_mobilenetv1")) {
            assertFaces(ssd, "messi5.jpg", imread(SampleMedia.standard().file("messi5.jpg").toString()), MESSI5_FACE);
            assertFaces(ssd, "basketball1.png", imread(SampleMedia.standard().file("basketball1.png").toString()), BASKETBALL1_FACE);
            assertFaces(ssd, "Megamind frame 30", megamind.get(30), MEGAMIND_30_WOMAN, MEGAMIND_30_MAN);
            assertFaces(ssd, "Megamind frame 120", megamind.get(120), MEGAMIND_120_MAN);
        }
    }

    /** Its smallest anchor is 51 x 67 pixels at 416: the faces in messi5.jpg and basketball1.png are too small for it. */
    @Test
    void tinyYoloFindsTheFacesInTheFilm() {
        try (Detector tiny = open("tiny_face_detector")) {
            assertFaces(tiny, "Megamind frame 30", megamind.get(30), MEGAMIND_30_WOMAN);
            assertFaces(tiny, "Megamind frame 120", megamind.get(120), MEGAMIND_120_MAN);
        }
    }

    private static Detector open(String model) {
        return Detectors.open(ModelStore.standard(), model, new DetectorOptions(0.5f, DeviceChoice.AUTO));
    }

    /**
     * Every labelled face is found by its own detection (IoU ≥ 0.5, one detection per face, the
     * best-overlapping first), and no detection is left over: nothing else scores 0.5 or more,
     * and two boxes on one face do not stand in for a face that was missed.
     */
    private static void assertFaces(Detector detector, String picture, Mat image, float[]... faces) {
        List<Detection> found = detector.detect(image).toList();
        boolean[] used = new boolean[found.size()];
        for (float[] face : faces) {
            int best = -1;
            for (int d = 0; d < found.size(); d++) {
                float overlap = found.get(d).iou(face[0], face[1], face[2], face[3]);
                if (!used[d] && found.get(d).label().equals("face") && overlap >= 0.5f
                        && (best < 0 || overlap > found.get(best).iou(face[0], face[1], face[2], face[3]))) {
                    best = d;
                }
            }
            assertTrue(best >= 0, detector + " misses the face at " + java.util.Arrays.toString(face) + " in " + picture
                    + "; found " + found);
            used[best] = true;
        }
        for (int d = 0; d < found.size(); d++) {
            assertTrue(used[d], detector + " finds something besides the faces in " + picture + ": " + found.get(d));
        }
    }
}
