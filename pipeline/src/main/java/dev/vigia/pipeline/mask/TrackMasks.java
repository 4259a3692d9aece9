package dev.vigia.pipeline.mask;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One frame's masks, by the index of the track in {@link dev.vigia.pipeline.frame.FrameEvent#tracks}:
 * each a binary image (0 or 255) placed at ({@code left}, {@code top}) in the frame. Hung on the
 * frame under {@link MaskStage#MASKS}; refilled every frame, its images reused.
 */
public final class TrackMasks {

    /** A mask in frame coordinates. */
    public static final class Placed {
        public final Mat mask = new Mat();
        public int left;
        public int top;
        boolean present;

        public boolean present() {
            return present;
        }
    }

    private final List<Placed> byTrack = new ArrayList<>();
    private int size;

    void reset(int tracks) {
        size = tracks;
        while (byTrack.size() < tracks) {
            byTrack.add(new Placed());
        }
        for (int i = 0; i < tracks; i++) {
            byTrack.get(i).present = false;
        }
    }

    Placed slot(int track) {
        return byTrack.get(track);
    }

    /** Track {@code i}'s mask, or null when it has none (yet). */
    public Placed of(int track) {
        if (track >= size) {
            return null;
        }
        Placed placed = byTrack.get(track);
        return placed.present ? placed : null;
    }

    public int size() {
        return size;
    }
}
