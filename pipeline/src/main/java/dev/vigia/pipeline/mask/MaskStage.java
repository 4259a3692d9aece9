package dev.vigia.pipeline.mask;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.segment.PersonSegmenter;
import dev.vigia.models.segment.VideoMatter;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.FrameKey;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.track.RecentTracks;
import dev.vigia.pipeline.track.Tracks;
import java.util.Set;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Gives tracks their masks, so masks follow ids. On a detected frame each track takes a new mask:
 * the instance mask of the detection the tracker updated it with ({@link Tracks#detection}), or
 * the person segmenter's mask of its box. Between detections ({@code --detect-every N}) and when
 * a new mask is missing, the last mask moves and stretches with the predicted box. Per source,
 * after tracking.
 *
 * <p>Matting runs on every frame, since its recurrent state follows the video frame by frame; it
 * starts over after a cut (the frame's thumbnail changes at once), a gap of more than two
 * seconds (a reconnect) or a change of frame size.
 */
public final class MaskStage implements Stage {

    /** The frame's masks by track index, for the renderer and the sinks. */
    public static final FrameKey<TrackMasks> MASKS = FrameKey.of("masks", TrackMasks::new);

    private static final double THRESHOLD = 0.5;
    /** Context around a person's box for the segmenter: arms and feet outside the box stay in. */
    private static final float MARGIN = 0.1f;
    /** Mean grey-level change between thumbnails past which a frame starts a new shot. */
    private static final double CUT = 40;
    /** A longer pause between frames is a reconnect: the matte starts over. */
    private static final long GAP_MICROS = 2_000_000;

    /** A track's last mask and the boxes it was made in. */
    private static final class Stored {
        final Mat mask = new Mat();
        final float[] maskBox = new float[4];
        final float[] trackBox = new float[4];
    }

    private final MaskMode mode;
    private final PersonSegmenter segmenter;
    private final VideoMatter matter;
    private final Set<Integer> personClasses;
    private final RecentTracks<Stored> stored = new RecentTracks<>(300);
    private final Mat grid = new Mat();
    private final Mat resized = new Mat();
    private final Mat thumbnail = new Mat();
    private final Mat previousThumbnail = new Mat();
    private long previousTimestamp = Long.MIN_VALUE;
    private long lastFrameSize;

    /**
     * @param segmenter for {@link MaskMode#PERSON}, shared by every source (calls are serialised on it); else null
     * @param matter for {@link MaskMode#MATTING}, this source's own (the stage closes it); else null
     * @param personClasses the detector's class ids of people, whose boxes the segmenter is run on
     */
    public MaskStage(MaskMode mode, PersonSegmenter segmenter, VideoMatter matter, Set<Integer> personClasses) {
        if (mode == MaskMode.PERSON && segmenter == null || mode == MaskMode.MATTING && matter == null) {
            throw new IllegalArgumentException(mode + " masks need their model");
        }
        this.mode = mode;
        this.segmenter = segmenter;
        this.matter = matter;
        this.personClasses = personClasses;
    }

    @Override
    public String name() {
        return "mask";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        Tracks tracks = event.tracks;
        TrackMasks out = event.attribute(MASKS);
        out.reset(tracks.size());
        Mat alpha = mode == MaskMode.MATTING ? matte(event) : null;
        for (int i = 0; i < tracks.size(); i++) {
            Stored mask = stored.seen(tracks.id(i), event.frameIndex, Stored::new);
            if (alpha != null) {
                if (personClasses.contains(tracks.classId(i))) {
                    cutFromMatte(alpha, tracks, i, mask);
                }
            } else if (event.detected) {
                if (mode == MaskMode.INSTANCE) {
                    takeInstanceMask(event.detections, tracks, i, mask);
                } else if (mode == MaskMode.PERSON && personClasses.contains(tracks.classId(i))) {
                    segmentPerson(event.image, tracks, i, mask);
                }
            }
            if (!mask.mask.empty()) {
                place(mask, tracks, i, event.image.cols(), event.image.rows(), out.slot(i));
            }
        }
        stored.retireBefore(event.frameIndex, (id, mask) -> mask.mask.close());
        if (alpha != null) {
            alpha.close();
        }
    }

    /** This frame's alpha, after forgetting the previous frames when this one starts a new shot. */
    private Mat matte(FrameEvent event) {
        Mat frame = event.image;
        try (Size small = new Size(32, 24); Mat grey = new Mat()) {
            cvtColor(frame, grey, COLOR_BGR2GRAY);
            resize(grey, thumbnail, small, 0, 0, INTER_AREA);
        }
        boolean newShot = previousThumbnail.empty() || Math.abs(event.timestampMicros - previousTimestamp) > GAP_MICROS
                || frameSize(frame) != lastFrameSize;
        if (!newShot) {
            try (Mat difference = new Mat()) {
                absdiff(thumbnail, previousThumbnail, difference);
                newShot = mean(difference).get(0) > CUT;
            }
        }
        if (newShot) {
            matter.reset();
        }
        lastFrameSize = frameSize(frame);
        thumbnail.copyTo(previousThumbnail);
        previousTimestamp = event.timestampMicros;
        return matter.alpha(frame);
    }

    private static long frameSize(Mat frame) {
        return (long) frame.cols() << 32 | frame.rows();
    }

    private void cutFromMatte(Mat alpha, Tracks tracks, int track, Stored into) {
        int[] box = paddedBox(tracks, track, alpha.cols(), alpha.rows());
        if (box == null) {
            return;
        }
        try (Rect rect = new Rect(box[0], box[1], box[2] - box[0], box[3] - box[1]); Mat part = alpha.apply(rect)) {
            binarise(part, into.mask);
        }
        set(into.maskBox, box[0], box[1], box[2], box[3]);
        set(into.trackBox, tracks.x1(track), tracks.y1(track), tracks.x2(track), tracks.y2(track));
    }

    /** The track's box with the margin, cut to the frame; null when too small to mask. */
    private static int[] paddedBox(Tracks tracks, int track, int width, int height) {
        float marginX = (tracks.x2(track) - tracks.x1(track)) * MARGIN;
        float marginY = (tracks.y2(track) - tracks.y1(track)) * MARGIN;
        int left = clamp(Math.round(tracks.x1(track) - marginX), width);
        int top = clamp(Math.round(tracks.y1(track) - marginY), height);
        int right = clamp(Math.round(tracks.x2(track) + marginX), width);
        int bottom = clamp(Math.round(tracks.y2(track) + marginY), height);
        return right - left < 4 || bottom - top < 4 ? null : new int[] {left, top, right, bottom};
    }

    private void takeInstanceMask(Detections detections, Tracks tracks, int track, Stored into) {
        int best = tracks.detection(track);
        if (!detections.hasMasks() || best < 0) {
            return;
        }
        int width = Math.max(1, Math.round(detections.x2(best) - detections.x1(best)));
        int height = Math.max(1, Math.round(detections.y2(best) - detections.y1(best)));
        int cells = detections.maskWidth() * detections.maskHeight();
        grid.create(detections.maskHeight(), detections.maskWidth(), CV_32F);
        new FloatPointer(grid.data()).put(detections.maskArray(), best * cells, cells);
        try (Size size = new Size(width, height)) {
            resize(grid, resized, size, 0, 0, INTER_LINEAR);
        }
        binarise(resized, into.mask);
        set(into.maskBox, detections.x1(best), detections.y1(best), detections.x1(best) + width, detections.y1(best) + height);
        set(into.trackBox, tracks.x1(track), tracks.y1(track), tracks.x2(track), tracks.y2(track));
    }

    private void segmentPerson(Mat frame, Tracks tracks, int track, Stored into) {
        int[] padded = paddedBox(tracks, track, frame.cols(), frame.rows());
        if (padded == null) {
            return;
        }
        int left = padded[0];
        int top = padded[1];
        int right = padded[2];
        int bottom = padded[3];
        Mat probabilities;
        try (Rect box = new Rect(left, top, right - left, bottom - top); Mat crop = frame.apply(box)) {
            synchronized (segmenter) {
                probabilities = segmenter.segment(crop);
            }
        }
        try (probabilities) {
            binarise(probabilities, into.mask);
        }
        set(into.maskBox, left, top, right, bottom);
        set(into.trackBox, tracks.x1(track), tracks.y1(track), tracks.x2(track), tracks.y2(track));
    }

    /** The stored mask, moved and stretched as the track's box moved since it was made, cut to the frame. */
    private static void place(Stored mask, Tracks tracks, int track, int frameWidth, int frameHeight, TrackMasks.Placed into) {
        float scaleX = (tracks.x2(track) - tracks.x1(track)) / Math.max(1e-3f, mask.trackBox[2] - mask.trackBox[0]);
        float scaleY = (tracks.y2(track) - tracks.y1(track)) / Math.max(1e-3f, mask.trackBox[3] - mask.trackBox[1]);
        float x1 = tracks.x1(track) + (mask.maskBox[0] - mask.trackBox[0]) * scaleX;
        float y1 = tracks.y1(track) + (mask.maskBox[1] - mask.trackBox[1]) * scaleY;
        int width = Math.round((mask.maskBox[2] - mask.maskBox[0]) * scaleX);
        int height = Math.round((mask.maskBox[3] - mask.maskBox[1]) * scaleY);
        int left = Math.round(x1);
        int top = Math.round(y1);
        int visibleLeft = clamp(left, frameWidth);
        int visibleTop = clamp(top, frameHeight);
        int visibleRight = clamp(left + width, frameWidth);
        int visibleBottom = clamp(top + height, frameHeight);
        if (width < 1 || height < 1 || visibleRight <= visibleLeft || visibleBottom <= visibleTop) {
            return;
        }
        try (Mat scaled = new Mat(); Size size = new Size(width, height)) {
            resize(mask.mask, scaled, size, 0, 0, INTER_NEAREST);
            try (Rect visible = new Rect(visibleLeft - left, visibleTop - top, visibleRight - visibleLeft, visibleBottom - visibleTop);
                    Mat part = scaled.apply(visible)) {
                part.copyTo(into.mask);
            }
        }
        into.left = visibleLeft;
        into.top = visibleTop;
        into.present = true;
    }

    private static void binarise(Mat probabilities, Mat into) {
        try (Mat cut = new Mat()) {
            threshold(probabilities, cut, THRESHOLD, 255, THRESH_BINARY);
            cut.convertTo(into, CV_8U);
        }
    }

    private static void set(float[] box, float x1, float y1, float x2, float y2) {
        box[0] = x1;
        box[1] = y1;
        box[2] = x2;
        box[3] = y2;
    }

    private static int clamp(int value, int limit) {
        return Math.max(0, Math.min(value, limit));
    }

    @Override
    public void onStop() {
        stored.retireAll((id, mask) -> mask.mask.close());
        grid.close();
        resized.close();
        thumbnail.close();
        previousThumbnail.close();
        if (matter != null) {
            matter.close();
        }
    }
}
