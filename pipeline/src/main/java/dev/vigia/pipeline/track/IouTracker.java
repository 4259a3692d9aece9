package dev.vigia.pipeline.track;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The baseline tracker: greedy IoU association of detections to tracks (best overlap first),
 * a track is reported once it has {@code minHits} matches and dropped after {@code maxAge}
 * frames without one. Between detections a track moves by its last box-to-box velocity.
 */
public final class IouTracker implements Tracker {

    /**
     * @param iouThreshold a detection joins a track only above this overlap
     * @param minHits matches before a track is reported
     * @param maxAge frames a track survives unmatched
     */
    public record Settings(float iouThreshold, int minHits, int maxAge) {
        public Settings {
            if (!(iouThreshold > 0 && iouThreshold < 1) || minHits < 1 || maxAge < 0) {
                throw new UserError("IoU tracker settings out of range: iou_threshold must be in (0, 1), "
                        + "min_hits >= 1, max_age >= 0; got " + iouThreshold + ", " + minHits + ", " + maxAge);
            }
        }

        public static Settings defaults() {
            var node = TrackerSpec.defaults(TrackerKind.IOU);
            node.remove("tracker");
            return dev.vigia.config.YamlConfig.convert(node, "iou.yaml", Settings.class);
        }
    }

    private static final class Track {
        final int id;
        final float[] box = new float[4];
        final float[] velocity = new float[4];
        float score;
        int classId;
        int hits;
        int missed;
        /** This frame's detection that updated the track, when {@code missed} is 0. */
        int detection = -1;

        Track(int id) {
            this.id = id;
        }
    }

    private final Settings settings;
    private final List<Track> tracks = new ArrayList<>();
    private int nextId = 1;
    private float[] pairIou = new float[0];
    private int[] pairTrack = new int[0];
    private int[] pairDetection = new int[0];
    private Integer[] pairOrder = new Integer[0];

    public IouTracker(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "iou";
    }

    @Override
    public int stateSize() {
        return tracks.size();
    }

    @Override
    public void update(Detections detections, FrameInfo frame, Tracks out) {
        boolean[] trackMatched = new boolean[tracks.size()];
        boolean[] detectionMatched = new boolean[detections.size()];
        int pairs = candidatePairs(detections);
        Arrays.sort(pairOrder, 0, pairs, (a, b) -> Float.compare(pairIou[b], pairIou[a]));
        for (int k = 0; k < pairs; k++) {
            int p = pairOrder[k];
            int t = pairTrack[p];
            int d = pairDetection[p];
            if (trackMatched[t] || detectionMatched[d]) {
                continue;
            }
            trackMatched[t] = true;
            detectionMatched[d] = true;
            Track track = tracks.get(t);
            for (int c = 0; c < 4; c++) {
                float value = coordinate(detections, d, c);
                track.velocity[c] = value - track.box[c];
                track.box[c] = value;
            }
            track.score = detections.score(d);
            track.classId = detections.classId(d);
            track.detection = d;
            track.hits++;
            track.missed = 0;
        }
        for (int t = tracks.size() - 1; t >= 0; t--) {
            if (!trackMatched[t]) {
                Track track = tracks.get(t);
                track.missed++;
                if (track.missed > settings.maxAge()) {
                    tracks.remove(t);
                }
            }
        }
        for (int d = 0; d < detections.size(); d++) {
            if (!detectionMatched[d]) {
                Track track = new Track(nextId++);
                for (int c = 0; c < 4; c++) {
                    track.box[c] = coordinate(detections, d, c);
                }
                track.score = detections.score(d);
                track.classId = detections.classId(d);
                track.detection = d;
                track.hits = 1;
                tracks.add(track);
            }
        }
        out.clear();
        for (Track track : tracks) {
            if (track.missed == 0 && track.hits >= settings.minHits()) {
                out.add(track.id, track.box[0], track.box[1], track.box[2], track.box[3], track.score, track.classId, track.detection);
            }
        }
    }

    @Override
    public void predict(FrameInfo frame, Tracks out) {
        out.clear();
        for (Track track : tracks) {
            for (int c = 0; c < 4; c++) {
                track.box[c] += track.velocity[c];
            }
            if (track.missed == 0 && track.hits >= settings.minHits()) {
                out.add(track.id, track.box[0], track.box[1], track.box[2], track.box[3], track.score, track.classId);
            }
        }
    }

    @Override
    public void reset() {
        tracks.clear();
        nextId = 1;
    }

    private static float coordinate(Detections detections, int i, int c) {
        return detections.boxArray()[i * 4 + c];
    }

    /** Every (track, detection) pair overlapping above the threshold; returns how many. */
    private int candidatePairs(Detections detections) {
        int max = tracks.size() * detections.size();
        if (pairIou.length < max) {
            pairIou = new float[max];
            pairTrack = new int[max];
            pairDetection = new int[max];
            pairOrder = new Integer[max];
        }
        int n = 0;
        for (int t = 0; t < tracks.size(); t++) {
            float[] b = tracks.get(t).box;
            for (int d = 0; d < detections.size(); d++) {
                float iou = iou(b, detections.x1(d), detections.y1(d), detections.x2(d), detections.y2(d));
                if (iou >= settings.iouThreshold()) {
                    pairIou[n] = iou;
                    pairTrack[n] = t;
                    pairDetection[n] = d;
                    pairOrder[n] = n;
                    n++;
                }
            }
        }
        return n;
    }

    static float iou(float[] a, float x1, float y1, float x2, float y2) {
        float iw = Math.min(a[2], x2) - Math.max(a[0], x1);
        float ih = Math.min(a[3], y2) - Math.max(a[1], y1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        float intersection = iw * ih;
        return intersection / ((a[2] - a[0]) * (a[3] - a[1]) + (x2 - x1) * (y2 - y1) - intersection);
    }
}
