package dev.vigia.pipeline.track;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.pipeline.track.assign.LinearAssignment;
import dev.vigia.pipeline.track.kalman.KalmanFilterXysr;
import java.util.ArrayList;
import java.util.List;

/**
 * SORT (Bewley et al., 2016): a constant-velocity Kalman filter per track on centre, area and
 * aspect ratio; detections matched to predicted boxes by maximum total IoU; a track is reported
 * while matched once it has {@code min_hits} matches in a row (or during the first
 * {@code min_hits} frames), and dropped after {@code max_age} frames without a match.
 */
public final class SortTracker implements Tracker {

    /** SORT's parameters under the reference implementation's names; {@code max_age} counts frames at 30 fps. */
    public record Settings(int maxAge, int minHits, double iouThreshold, boolean classAware) {
        public Settings {
            if (maxAge < 0 || minHits < 0 || !(iouThreshold > 0 && iouThreshold < 1)) {
                throw new UserError("SORT settings out of range: max_age >= 0, min_hits >= 0, iou_threshold in (0, 1); got "
                        + maxAge + ", " + minHits + ", " + iouThreshold);
            }
        }

        public static Settings defaults() {
            var node = TrackerSpec.defaults(TrackerKind.SORT);
            node.remove("tracker");
            return dev.vigia.config.YamlConfig.convert(node, "sort.yaml", Settings.class);
        }
    }

    private static final class Track {
        final int id;
        final double[] state = new double[KalmanFilterXysr.STATE];
        final double[] covariance = new double[KalmanFilterXysr.STATE * KalmanFilterXysr.STATE];
        int timeSinceUpdate;
        int hits;
        int hitStreak;
        float score;
        int classId;
        /** The detection of the last update. */
        int detection = -1;

        Track(int id) {
            this.id = id;
        }
    }

    private final Settings settings;
    private final KalmanFilterXysr filter = new KalmanFilterXysr();
    private final LinearAssignment assignment = new LinearAssignment();
    private final List<Track> tracks = new ArrayList<>();
    private final double[] measurement = new double[4];
    private double[] cost = new double[0];
    private int[] detectionToTrack = new int[0];
    private int[] trackToDetection = new int[0];
    private int nextId = 1;
    private int frameCount;

    public SortTracker(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "sort";
    }

    @Override
    public int stateSize() {
        return tracks.size();
    }

    @Override
    public void update(Detections detections, FrameInfo frame, Tracks out) {
        frameCount++;
        int maxAge = FrameRate.scale(settings.maxAge(), frame.fps());
        predictAll(true);
        associate(detections);
        for (int d = 0; d < detections.size(); d++) {
            int t = detectionToTrack[d];
            if (t >= 0) {
                Track track = tracks.get(t);
                toMeasurement(detections, d);
                filter.update(track.state, track.covariance, measurement);
                track.timeSinceUpdate = 0;
                track.hits++;
                track.hitStreak++;
                track.score = detections.score(d);
                track.classId = detections.classId(d);
                track.detection = d;
            }
        }
        for (int d = 0; d < detections.size(); d++) {
            if (detectionToTrack[d] < 0) {
                spawn(detections, d);
            }
        }
        out.clear();
        for (int t = tracks.size() - 1; t >= 0; t--) {
            Track track = tracks.get(t);
            if (track.timeSinceUpdate < 1 && (track.hitStreak >= settings.minHits() || frameCount <= settings.minHits())) {
                report(track, out, track.detection);
            }
            if (track.timeSinceUpdate > maxAge) {
                tracks.remove(t);
            }
        }
    }

    @Override
    public void predict(FrameInfo frame, Tracks out) {
        predictAll(false);
        out.clear();
        for (Track track : tracks) {
            if (track.timeSinceUpdate == 0 && track.hitStreak >= Math.max(1, settings.minHits())) {
                report(track, out, -1);
            }
        }
    }

    @Override
    public void reset() {
        tracks.clear();
        nextId = 1;
        frameCount = 0;
    }

    /** Moves every track one frame; a frame with detections counts towards age and streaks. */
    private void predictAll(boolean detectionFrame) {
        for (int t = tracks.size() - 1; t >= 0; t--) {
            Track track = tracks.get(t);
            filter.predict(track.state, track.covariance);
            if (detectionFrame) {
                if (track.timeSinceUpdate > 0) {
                    track.hitStreak = 0;
                }
                track.timeSinceUpdate++;
            }
            if (Double.isNaN(track.state[0]) || track.state[2] * track.state[3] <= 0) {
                tracks.remove(t);
            }
        }
    }

    /** SORT's association: unique over-threshold overlaps match directly, otherwise maximum total IoU; weak pairs are cut. */
    private void associate(Detections detections) {
        int nDet = detections.size();
        int nTrk = tracks.size();
        if (cost.length < nDet * nTrk) {
            cost = new double[nDet * nTrk];
        }
        if (detectionToTrack.length < nDet) {
            detectionToTrack = new int[nDet];
        }
        if (trackToDetection.length < nTrk) {
            trackToDetection = new int[nTrk];
        }
        java.util.Arrays.fill(detectionToTrack, 0, nDet, -1);
        if (nDet == 0 || nTrk == 0) {
            return;
        }
        int[] overRow = new int[nDet];
        int[] overColumn = new int[nTrk];
        double[][] trackBoxes = new double[nTrk][];
        for (int t = 0; t < nTrk; t++) {
            trackBoxes[t] = box(tracks.get(t));
        }
        for (int d = 0; d < nDet; d++) {
            for (int t = 0; t < nTrk; t++) {
                double[] box = trackBoxes[t];
                double iou = BoxOverlap.iou(detections.x1(d), detections.y1(d), detections.x2(d), detections.y2(d),
                        box[0], box[1], box[2], box[3]);
                if (settings.classAware() && tracks.get(t).classId != detections.classId(d)) {
                    iou = 0;
                }
                cost[d * nTrk + t] = -iou;
                if (iou > settings.iouThreshold()) {
                    overRow[d]++;
                    overColumn[t]++;
                }
            }
        }
        boolean unique = true;
        for (int count : overRow) {
            unique &= count <= 1;
        }
        for (int count : overColumn) {
            unique &= count <= 1;
        }
        if (unique) {
            for (int d = 0; d < nDet; d++) {
                for (int t = 0; t < nTrk; t++) {
                    if (-cost[d * nTrk + t] > settings.iouThreshold()) {
                        detectionToTrack[d] = t;
                    }
                }
            }
            return;
        }
        assignment.solve(cost, nDet, nTrk, 0, detectionToTrack, trackToDetection);
        for (int d = 0; d < nDet; d++) {
            int t = detectionToTrack[d];
            if (t >= 0 && -cost[d * nTrk + t] < settings.iouThreshold()) {
                detectionToTrack[d] = -1;
            }
        }
    }

    private void spawn(Detections detections, int d) {
        Track track = new Track(nextId++);
        toMeasurement(detections, d);
        filter.initiate(measurement, track.state, track.covariance);
        track.score = detections.score(d);
        track.classId = detections.classId(d);
        track.detection = d;
        tracks.add(track);
    }

    private void toMeasurement(Detections detections, int d) {
        double w = detections.x2(d) - detections.x1(d);
        double h = detections.y2(d) - detections.y1(d);
        measurement[0] = detections.x1(d) + w / 2;
        measurement[1] = detections.y1(d) + h / 2;
        measurement[2] = w * h;
        measurement[3] = w / h;
    }

    private static double[] box(Track track) {
        double w = Math.sqrt(track.state[2] * track.state[3]);
        double h = track.state[2] / w;
        return new double[] {track.state[0] - w / 2, track.state[1] - h / 2, track.state[0] + w / 2, track.state[1] + h / 2};
    }

    private static void report(Track track, Tracks out, int detection) {
        double[] b = box(track);
        out.add(track.id, (float) b[0], (float) b[1], (float) b[2], (float) b[3], track.score, track.classId, detection);
    }
}
