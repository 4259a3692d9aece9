package dev.vigia.pipeline.track;

import dev.vigia.config.UserError;
import dev.vigia.models.detect.Detections;
import dev.vigia.pipeline.track.assign.LinearAssignment;
import dev.vigia.pipeline.track.kalman.KalmanFilterXyah;
import java.util.ArrayList;
import java.util.List;

/**
 * ByteTrack (Zhang et al., 2022): associate every detection box, not only confident ones. High
 * scores are matched first to all tracks (IoU fused with the score), then low scores to the tracks
 * left over, then the remaining high scores to tentative tracks; unmatched confident boxes start
 * tracks; lost tracks are kept for {@code track_buffer} frames (at 30 fps) before removal.
 */
public final class ByteTracker implements Tracker {

    /**
     * ByteTrack's parameters under the reference implementation's names.
     *
     * @param trackThresh boxes above this are "high" (first association, may start tracks)
     * @param lowThresh boxes between this and trackThresh are "low" (second association only)
     * @param newTrackThresh a new track needs a box above this (the reference: track_thresh + 0.1)
     * @param matchThresh first association: pairs with cost (1 - IoU·score) at or above this are not matched
     * @param trackBuffer frames (at 30 fps) a lost track is kept
     * @param minBoxArea reported boxes must be larger (w·h, pixels)
     * @param aspectRatioThresh if above 0, boxes wider than this w/h are not reported (the reference demo: 1.6 for pedestrians)
     * @param classAware a box only joins a track of its own class
     */
    public record Settings(double trackThresh, double lowThresh, double newTrackThresh, double matchThresh,
            int trackBuffer, double minBoxArea, double aspectRatioThresh, boolean fuseScore, boolean classAware) {
        public Settings {
            if (!(lowThresh >= 0 && lowThresh <= trackThresh && trackThresh < 1) || !(matchThresh > 0 && matchThresh <= 1)
                    || trackBuffer < 0) {
                throw new UserError("ByteTrack settings out of range: 0 <= low_thresh <= track_thresh < 1, "
                        + "match_thresh in (0, 1], track_buffer >= 0");
            }
        }

        /** The defaults in {@code bytetrack.yaml}, where the reasons for them are written. */
        public static Settings defaults() {
            var node = Trackers.defaults("bytetrack", "bytetrack.yaml");
            node.remove("tracker");
            return dev.vigia.config.YamlConfig.convert(node, "bytetrack.yaml", Settings.class);
        }
    }

    private static final double SECOND_MATCH_THRESH = 0.5;
    private static final double UNCONFIRMED_MATCH_THRESH = 0.7;
    private static final double DUPLICATE_IOU_DISTANCE = 0.15;

    private static final class Track {
        int id;
        final double[] mean = new double[KalmanFilterXyah.STATE];
        final double[] covariance = new double[KalmanFilterXyah.STATE * KalmanFilterXyah.STATE];
        TrackState state = TrackState.NEW;
        boolean activated;
        int frameId;
        int startFrame;
        float score;
        int classId;

        /** Current box as x1, y1, x2, y2 from the filter's x, y, a, h. */
        double[] box() {
            double w = mean[2] * mean[3];
            double h = mean[3];
            return new double[] {mean[0] - w / 2, mean[1] - h / 2, mean[0] + w / 2, mean[1] + h / 2};
        }
    }

    /** A detection as the association steps see it. */
    private record Box(double x1, double y1, double x2, double y2, float score, int classId) {}

    private final Settings settings;
    private final CameraMotion cameraMotion;
    private final String name;
    private final KalmanFilterXyah filter = new KalmanFilterXyah();
    private final LinearAssignment assignment = new LinearAssignment();
    private List<Track> tracked = new ArrayList<>();
    private List<Track> lost = new ArrayList<>();
    private final double[] measurement = new double[4];
    // Association scratch, grown to the busiest frame and reused (hot path: no per-frame matrix).
    private double[] cost = new double[0];
    private int[] columnToRow = new int[0];
    private int frameId;
    private int nextId = 1;

    public ByteTracker(Settings settings) {
        this(settings, CameraMotion.NONE, "bytetrack");
    }

    /** ByteTrack whose tracks move with the camera before each association (BoT-SORT's camera motion compensation). */
    public ByteTracker(Settings settings, CameraMotion cameraMotion, String name) {
        this.settings = settings;
        this.cameraMotion = cameraMotion;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int stateSize() {
        return tracked.size() + lost.size();
    }

    @Override
    public void update(Detections detections, FrameInfo frame, Tracks out) {
        frameId++;
        List<Box> high = new ArrayList<>();
        List<Box> low = new ArrayList<>();
        splitByScore(detections, high, low);

        List<Track> unconfirmed = new ArrayList<>();
        List<Track> confirmed = new ArrayList<>();
        for (Track track : tracked) {
            (track.activated ? confirmed : unconfirmed).add(track);
        }
        List<Track> pool = join(confirmed, lost);
        predictAll(pool);
        double[] motion = cameraMotion.estimate(frame);
        if (motion != null) {
            followCamera(pool, motion);
            followCamera(unconfirmed, motion);
        }

        List<Track> activated = new ArrayList<>();
        List<Track> refound = new ArrayList<>();
        List<Track> newlyLost = new ArrayList<>();
        List<Track> removed = new ArrayList<>();

        // Step 1: high-score boxes against every confirmed or lost track.
        int[] poolToHigh = associate(pool, high, settings.matchThresh(), settings.fuseScore());
        List<Track> leftover = new ArrayList<>();
        boolean[] highUsed = new boolean[high.size()];
        for (int t = 0; t < pool.size(); t++) {
            Track track = pool.get(t);
            if (poolToHigh[t] >= 0) {
                highUsed[poolToHigh[t]] = true;
                absorb(track, high.get(poolToHigh[t]), track.state == TrackState.TRACKED ? activated : refound);
            } else if (track.state == TrackState.TRACKED) {
                leftover.add(track);
            }
        }

        // Step 2: low-score boxes against the tracked tracks left over.
        int[] leftoverToLow = associate(leftover, low, SECOND_MATCH_THRESH, false);
        for (int t = 0; t < leftover.size(); t++) {
            Track track = leftover.get(t);
            if (leftoverToLow[t] >= 0) {
                absorb(track, low.get(leftoverToLow[t]), activated);
            } else if (track.state != TrackState.LOST) {
                track.state = TrackState.LOST;
                newlyLost.add(track);
            }
        }

        // Step 3: tentative tracks (seen once) against the high-score boxes nobody took.
        List<Box> remaining = new ArrayList<>();
        for (int d = 0; d < high.size(); d++) {
            if (!highUsed[d]) {
                remaining.add(high.get(d));
            }
        }
        int[] unconfirmedToRemaining = associate(unconfirmed, remaining, UNCONFIRMED_MATCH_THRESH, settings.fuseScore());
        boolean[] remainingUsed = new boolean[remaining.size()];
        for (int t = 0; t < unconfirmed.size(); t++) {
            Track track = unconfirmed.get(t);
            if (unconfirmedToRemaining[t] >= 0) {
                remainingUsed[unconfirmedToRemaining[t]] = true;
                absorb(track, remaining.get(unconfirmedToRemaining[t]), activated);
            } else {
                track.state = TrackState.REMOVED;
                removed.add(track);
            }
        }

        // Step 4: confident boxes nobody took start new tracks.
        for (int d = 0; d < remaining.size(); d++) {
            Box box = remaining.get(d);
            if (!remainingUsed[d] && box.score() >= settings.newTrackThresh()) {
                activated.add(spawn(box));
            }
        }

        // Step 5: retire tracks lost for longer than the buffer, then rebuild the lists.
        int maxTimeLost = FrameRate.scale(settings.trackBuffer(), frame.fps());
        for (Track track : lost) {
            if (frameId - track.frameId > maxTimeLost) {
                track.state = TrackState.REMOVED;
                removed.add(track);
            }
        }
        List<Track> nextTracked = new ArrayList<>();
        for (Track track : tracked) {
            if (track.state == TrackState.TRACKED) {
                nextTracked.add(track);
            }
        }
        nextTracked = join(join(nextTracked, activated), refound);
        List<Track> nextLost = new ArrayList<>(subtract(lost, nextTracked));
        nextLost.addAll(newlyLost);
        nextLost = subtract(nextLost, removed);
        removeDuplicates(nextTracked, nextLost);
        tracked = nextTracked;
        lost = nextLost;

        out.clear();
        for (Track track : tracked) {
            if (track.activated) {
                report(track, out);
            }
        }
    }

    @Override
    public void predict(FrameInfo frame, Tracks out) {
        frameId++;
        predictAll(tracked);
        double[] motion = cameraMotion.estimate(frame);
        if (motion != null) {
            followCamera(tracked, motion);
        }
        out.clear();
        for (Track track : tracked) {
            if (track.activated) {
                report(track, out);
            }
        }
    }

    @Override
    public void reset() {
        tracked = new ArrayList<>();
        lost = new ArrayList<>();
        frameId = 0;
        nextId = 1;
    }

    private void splitByScore(Detections detections, List<Box> high, List<Box> low) {
        for (int d = 0; d < detections.size(); d++) {
            Box box = new Box(detections.x1(d), detections.y1(d), detections.x2(d), detections.y2(d),
                    detections.score(d), detections.classId(d));
            if (box.score() > settings.trackThresh()) {
                high.add(box);
            } else if (box.score() > settings.lowThresh()) {
                low.add(box);
            }
        }
    }

    private void predictAll(List<Track> tracks) {
        for (Track track : tracks) {
            if (track.state != TrackState.TRACKED) {
                track.mean[7] = 0;
            }
            filter.predict(track.mean, track.covariance);
        }
    }

    /**
     * Moves each track's centre and velocity by the camera's affine {a, b, tx, c, d, ty} (aspect
     * ratio and height stay), and its covariance with them: P = M P Mᵀ.
     */
    private static void followCamera(List<Track> tracks, double[] h) {
        double[] m = new double[KalmanFilterXyah.STATE * KalmanFilterXyah.STATE];
        for (int i = 0; i < KalmanFilterXyah.STATE; i++) {
            m[i * KalmanFilterXyah.STATE + i] = 1;
        }
        for (int base : new int[] {0, 4}) {
            m[base * 8 + base] = h[0];
            m[base * 8 + base + 1] = h[1];
            m[(base + 1) * 8 + base] = h[3];
            m[(base + 1) * 8 + base + 1] = h[4];
        }
        double[] temp = new double[64];
        for (Track track : tracks) {
            double x = track.mean[0];
            double y = track.mean[1];
            double vx = track.mean[4];
            double vy = track.mean[5];
            track.mean[0] = h[0] * x + h[1] * y + h[2];
            track.mean[1] = h[3] * x + h[4] * y + h[5];
            track.mean[4] = h[0] * vx + h[1] * vy;
            track.mean[5] = h[3] * vx + h[4] * vy;
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    double sum = 0;
                    for (int k = 0; k < 8; k++) {
                        sum += m[i * 8 + k] * track.covariance[k * 8 + j];
                    }
                    temp[i * 8 + j] = sum;
                }
            }
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    double sum = 0;
                    for (int k = 0; k < 8; k++) {
                        sum += temp[i * 8 + k] * m[j * 8 + k];
                    }
                    track.covariance[i * 8 + j] = sum;
                }
            }
        }
    }

    /** Matches tracks to boxes by IoU distance (optionally fused with the box score) under a limit; returns each track's box or -1. */
    private int[] associate(List<Track> tracks, List<Box> boxes, double limit, boolean fuseScore) {
        int rows = tracks.size();
        int columns = boxes.size();
        if (cost.length < rows * columns) {
            cost = new double[rows * columns];
        }
        if (columnToRow.length < columns) {
            columnToRow = new int[columns];
        }
        for (int t = 0; t < rows; t++) {
            double[] b = tracks.get(t).box();
            for (int d = 0; d < columns; d++) {
                Box box = boxes.get(d);
                double iou = BoxOverlap.iou(b[0], b[1], b[2], b[3], box.x1(), box.y1(), box.x2(), box.y2());
                boolean otherClass = settings.classAware() && tracks.get(t).classId != box.classId();
                cost[t * columns + d] = otherClass ? 1 : 1 - (fuseScore ? iou * box.score() : iou);
            }
        }
        int[] rowToColumn = new int[rows];
        assignment.solve(cost, rows, columns, limit, rowToColumn, columnToRow);
        return rowToColumn;
    }

    /** A matched box updates its track; a lost track is found again (same id). */
    private void absorb(Track track, Box box, List<Track> into) {
        toMeasurement(box);
        filter.update(track.mean, track.covariance, measurement);
        track.state = TrackState.TRACKED;
        track.activated = true;
        track.frameId = frameId;
        track.score = box.score();
        track.classId = box.classId();
        into.add(track);
    }

    private Track spawn(Box box) {
        Track track = new Track();
        track.id = nextId++;
        toMeasurement(box);
        filter.initiate(measurement, track.mean, track.covariance);
        track.state = TrackState.TRACKED;
        track.activated = frameId == 1;
        track.frameId = frameId;
        track.startFrame = frameId;
        track.score = box.score();
        track.classId = box.classId();
        return track;
    }

    private void toMeasurement(Box box) {
        double w = box.x2() - box.x1();
        double h = box.y2() - box.y1();
        measurement[0] = box.x1() + w / 2;
        measurement[1] = box.y1() + h / 2;
        measurement[2] = w / h;
        measurement[3] = h;
    }

    /** A tracked and a lost track on the same spot are one object: keep the one tracked longer. */
    private static void removeDuplicates(List<Track> trackedTracks, List<Track> lostTracks) {
        List<Track> dropTracked = new ArrayList<>();
        List<Track> dropLost = new ArrayList<>();
        for (Track p : trackedTracks) {
            double[] a = p.box();
            for (Track q : lostTracks) {
                double[] b = q.box();
                if (1 - BoxOverlap.iou(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]) < DUPLICATE_IOU_DISTANCE) {
                    if (p.frameId - p.startFrame > q.frameId - q.startFrame) {
                        dropLost.add(q);
                    } else {
                        dropTracked.add(p);
                    }
                }
            }
        }
        trackedTracks.removeAll(dropTracked);
        lostTracks.removeAll(dropLost);
    }

    private static List<Track> join(List<Track> a, List<Track> b) {
        List<Track> joined = new ArrayList<>(a);
        for (Track track : b) {
            if (!containsId(joined, track.id)) {
                joined.add(track);
            }
        }
        return joined;
    }

    private static List<Track> subtract(List<Track> a, List<Track> b) {
        List<Track> rest = new ArrayList<>();
        for (Track track : a) {
            if (!containsId(b, track.id)) {
                rest.add(track);
            }
        }
        return rest;
    }

    private static boolean containsId(List<Track> tracks, int id) {
        for (Track track : tracks) {
            if (track.id == id) {
                return true;
            }
        }
        return false;
    }

    private void report(Track track, Tracks out) {
        double[] b = track.box();
        double w = b[2] - b[0];
        double h = b[3] - b[1];
        if (w * h <= settings.minBoxArea()) {
            return;
        }
        if (settings.aspectRatioThresh() > 0 && w / h > settings.aspectRatioThresh()) {
            return;
        }
        out.add(track.id, (float) b[0], (float) b[1], (float) b[2], (float) b[3], track.score, track.classId);
    }
}
