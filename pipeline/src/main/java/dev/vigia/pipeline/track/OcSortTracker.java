package dev.vigia.pipeline.track;

import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import dev.vigia.models.boxes.Detections;
import dev.vigia.pipeline.track.assign.LinearAssignment;
import dev.vigia.pipeline.track.kalman.KalmanFilterXysr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * OC-SORT (Cao et al., CVPR 2023): SORT made observation-centric.
 * <ul>
 *   <li>ORU: when a track is found again after a gap, its filter is rewound to the gap's start
 *       and re-run along a straight virtual path to the new observation, so the error it
 *       accumulated while coasting is undone.
 *   <li>OCM: the first association adds to IoU how well the direction from the track's
 *       observation {@code delta_t} frames ago to a detection agrees with the track's direction.
 *   <li>OCR: tracks still unmatched get a second chance against their last observed box.
 * </ul>
 * Reported boxes are the last observations, as in the reference.
 */
public final class OcSortTracker implements Tracker {

    /** OC-SORT's parameters under the reference implementation's names; frame counts at 30 fps. */
    public record Settings(double detThresh, int maxAge, int minHits, double iouThreshold, int deltaT, double inertia,
            boolean classAware) {
        public Settings {
            if (maxAge < 0 || minHits < 0 || deltaT < 1 || !(iouThreshold > 0 && iouThreshold < 1) || inertia < 0) {
                throw new UserError("OC-SORT settings out of range: max_age >= 0, min_hits >= 0, delta_t >= 1, "
                        + "iou_threshold in (0, 1), inertia >= 0");
            }
        }

        /** The defaults in {@code ocsort.yaml}. */
        public static Settings defaults() {
            var node = TrackerSpec.defaults(TrackerKind.OCSORT);
            node.remove("tracker");
            return YamlConfig.convert(node, "ocsort.yaml", Settings.class);
        }
    }

    private static final double[] NO_OBSERVATION = null;

    private static final class Track {
        final int id;
        final double[] state = new double[KalmanFilterXysr.STATE];
        final double[] covariance = new double[KalmanFilterXysr.STATE * KalmanFilterXysr.STATE];
        /** Observations by track age, only the last {@code delta_t + 1} ages: all that direction estimates read. */
        final java.util.TreeMap<Integer, double[]> observations = new java.util.TreeMap<>();
        double[] lastObservation = NO_OBSERVATION;
        double[] velocity;
        int age;
        int timeSinceUpdate;
        int hits;
        int hitStreak;
        int classId;
        /** This frame's detection of the last observation or of the spawn. */
        int detection = -1;
        // Observation-centric re-update: the filter as it was when observations stopped.
        boolean observed = true;
        double[] frozenState;
        double[] frozenCovariance;
        double[] lastMeasurement;
        int missed;

        Track(int id) {
            this.id = id;
        }
    }

    private final Settings settings;
    private final KalmanFilterXysr filter = new KalmanFilterXysr();
    private final LinearAssignment assignment = new LinearAssignment();
    private final List<Track> tracks = new ArrayList<>();
    private final double[] measurement = new double[4];
    // First-association scratch, grown to the busiest frame and reused (hot path: no per-frame matrix).
    private double[] iou = new double[0];
    private double[] cost = new double[0];
    private int[] trackToDet = new int[0];
    private int nextId = 1;
    private int frameCount;

    public OcSortTracker(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ocsort";
    }

    @Override
    public int stateSize() {
        int held = tracks.size();
        for (Track track : tracks) {
            held += track.observations.size();
        }
        return held;
    }

    @Override
    public void update(Detections detections, FrameInfo frame, Tracks out) {
        frameCount++;
        List<double[]> dets = new ArrayList<>();
        for (int d = 0; d < detections.size(); d++) {
            if (detections.score(d) > settings.detThresh()) {
                // The seventh value is the detection's index, so a track can say which detection updated it.
                dets.add(new double[] {detections.x1(d), detections.y1(d), detections.x2(d), detections.y2(d),
                    detections.score(d), detections.classId(d), d});
            }
        }
        List<double[]> predicted = predictAll();

        // First round: IoU plus direction consistency (OCM), on the predicted boxes.
        int[] detToTrack = firstAssociation(dets, predicted);
        boolean[] trackMatched = new boolean[tracks.size()];
        for (int d = 0; d < dets.size(); d++) {
            if (detToTrack[d] >= 0) {
                trackMatched[detToTrack[d]] = true;
                observe(tracks.get(detToTrack[d]), dets.get(d));
            }
        }

        // Second round (OCR): what is left, against each track's last observed box.
        recoverByLastObservation(dets, detToTrack, trackMatched);

        for (int t = 0; t < tracks.size(); t++) {
            if (!trackMatched[t]) {
                miss(tracks.get(t));
            }
        }
        for (int d = 0; d < dets.size(); d++) {
            if (detToTrack[d] < 0) {
                spawn(dets.get(d));
            }
        }
        int maxAge = FrameRate.scale(settings.maxAge(), frame.fps());
        out.clear();
        for (int t = tracks.size() - 1; t >= 0; t--) {
            Track track = tracks.get(t);
            if (track.timeSinceUpdate < 1 && (track.hitStreak >= settings.minHits() || frameCount <= settings.minHits())) {
                double[] b = track.lastObservation != null ? track.lastObservation : box(track.state);
                out.add(track.id, (float) b[0], (float) b[1], (float) b[2], (float) b[3], (float) b[4], track.classId, track.detection);
            }
            if (track.timeSinceUpdate > maxAge) {
                tracks.remove(t);
            }
        }
    }

    @Override
    public void predict(FrameInfo frame, Tracks out) {
        out.clear();
        for (Track track : tracks) {
            filter.predict(track.state, track.covariance);
            if (track.timeSinceUpdate == 0 && track.hitStreak >= Math.max(1, settings.minHits())) {
                double[] b = box(track.state);
                out.add(track.id, (float) b[0], (float) b[1], (float) b[2], (float) b[3],
                        track.lastObservation == null ? 0 : (float) track.lastObservation[4], track.classId);
            }
        }
    }

    @Override
    public void reset() {
        tracks.clear();
        nextId = 1;
        frameCount = 0;
    }

    private List<double[]> predictAll() {
        List<double[]> predicted = new ArrayList<>();
        for (int t = tracks.size() - 1; t >= 0; t--) {
            Track track = tracks.get(t);
            filter.predict(track.state, track.covariance);
            track.age++;
            if (track.timeSinceUpdate > 0) {
                track.hitStreak = 0;
            }
            track.timeSinceUpdate++;
            if (Double.isNaN(track.state[0]) || track.state[2] * track.state[3] <= 0) {
                tracks.remove(t);
            }
        }
        for (Track track : tracks) {
            predicted.add(box(track.state));
        }
        return predicted;
    }

    private int[] firstAssociation(List<double[]> dets, List<double[]> predicted) {
        int nDet = dets.size();
        int nTrk = tracks.size();
        int[] detToTrack = new int[nDet];
        Arrays.fill(detToTrack, -1);
        if (nDet == 0 || nTrk == 0) {
            return detToTrack;
        }
        if (cost.length < nDet * nTrk) {
            iou = new double[nDet * nTrk];
            cost = new double[nDet * nTrk];
        }
        if (trackToDet.length < nTrk) {
            trackToDet = new int[nTrk];
        }
        int[] overRow = new int[nDet];
        int[] overColumn = new int[nTrk];
        for (int t = 0; t < nTrk; t++) {
            Track track = tracks.get(t);
            double[] previous = previousObservation(track);
            double[] p = predicted.get(t);
            double inertiaY = track.velocity == null ? 0 : track.velocity[0];
            double inertiaX = track.velocity == null ? 0 : track.velocity[1];
            for (int d = 0; d < nDet; d++) {
                double[] det = dets.get(d);
                double overlap = settings.classAware() && track.classId != (int) det[5] ? 0
                        : BoxOverlap.iou(det[0], det[1], det[2], det[3], p[0], p[1], p[2], p[3]);
                double angleCost = 0;
                if (previous != null && overlap > 0) {
                    double dx = (det[0] + det[2]) / 2 - (previous[0] + previous[2]) / 2;
                    double dy = (det[1] + det[3]) / 2 - (previous[1] + previous[3]) / 2;
                    double norm = Math.sqrt(dx * dx + dy * dy) + 1e-6;
                    double cos = Math.max(-1, Math.min(1, inertiaX * dx / norm + inertiaY * dy / norm));
                    angleCost = (Math.PI / 2 - Math.abs(Math.acos(cos))) / Math.PI * settings.inertia() * det[4];
                }
                iou[d * nTrk + t] = overlap;
                // Pairs that do not overlap can never pass the IoU cut: keep them out of the solve.
                cost[d * nTrk + t] = overlap > 0 ? -(overlap + angleCost) : 0;
                if (overlap > settings.iouThreshold()) {
                    overRow[d]++;
                    overColumn[t]++;
                }
            }
        }
        if (Arrays.stream(overRow).allMatch(c -> c <= 1) && Arrays.stream(overColumn).allMatch(c -> c <= 1)) {
            for (int d = 0; d < nDet; d++) {
                for (int t = 0; t < nTrk; t++) {
                    if (iou[d * nTrk + t] > settings.iouThreshold()) {
                        detToTrack[d] = t;
                    }
                }
            }
            return detToTrack;
        }
        // Only overlapping pairs worth more than nothing are candidates (limit 0), so the problem
        // splits into small independent parts.
        assignment.solve(cost, nDet, nTrk, 0, detToTrack, trackToDet);
        for (int d = 0; d < nDet; d++) {
            if (detToTrack[d] >= 0 && iou[d * nTrk + detToTrack[d]] < settings.iouThreshold()) {
                detToTrack[d] = -1;
            }
        }
        return detToTrack;
    }

    private void recoverByLastObservation(List<double[]> dets, int[] detToTrack, boolean[] trackMatched) {
        List<Integer> leftDets = new ArrayList<>();
        List<Integer> leftTracks = new ArrayList<>();
        for (int d = 0; d < dets.size(); d++) {
            if (detToTrack[d] < 0) {
                leftDets.add(d);
            }
        }
        for (int t = 0; t < tracks.size(); t++) {
            if (!trackMatched[t]) {
                leftTracks.add(t);
            }
        }
        if (leftDets.isEmpty() || leftTracks.isEmpty()) {
            return;
        }
        double[] recoveryCost = new double[leftDets.size() * leftTracks.size()];
        double best = 0;
        for (int i = 0; i < leftDets.size(); i++) {
            double[] det = dets.get(leftDets.get(i));
            for (int j = 0; j < leftTracks.size(); j++) {
                Track track = tracks.get(leftTracks.get(j));
                double[] last = track.lastObservation;
                boolean otherClass = settings.classAware() && track.classId != (int) det[5];
                double overlap = last == null || otherClass ? 0
                        : BoxOverlap.iou(det[0], det[1], det[2], det[3], last[0], last[1], last[2], last[3]);
                recoveryCost[i * leftTracks.size() + j] = -overlap;
                best = Math.max(best, overlap);
            }
        }
        if (best <= settings.iouThreshold()) {
            return;
        }
        int[] match = new int[leftDets.size()];
        assignment.solve(recoveryCost, leftDets.size(), leftTracks.size(), 0, match, new int[leftTracks.size()]);
        for (int i = 0; i < leftDets.size(); i++) {
            int j = match[i];
            if (j < 0 || -recoveryCost[i * leftTracks.size() + j] < settings.iouThreshold()) {
                continue;
            }
            int d = leftDets.get(i);
            int t = leftTracks.get(j);
            detToTrack[d] = t;
            trackMatched[t] = true;
            observe(tracks.get(t), dets.get(d));
        }
    }

    /** The observation {@code delta_t} frames back (or the nearest later one, or the latest). */
    private double[] previousObservation(Track track) {
        if (track.observations.isEmpty()) {
            return null;
        }
        for (int i = 0; i < settings.deltaT(); i++) {
            double[] found = track.observations.get(track.age - (settings.deltaT() - i));
            if (found != null) {
                return found;
            }
        }
        return track.observations.lastEntry().getValue();
    }

    private void observe(Track track, double[] det) {
        if (track.lastObservation != null) {
            double[] previous = null;
            for (int i = 0; i < settings.deltaT() && previous == null; i++) {
                previous = track.observations.get(track.age - (settings.deltaT() - i));
            }
            if (previous == null) {
                previous = track.lastObservation;
            }
            track.velocity = direction(previous, det);
        }
        track.lastObservation = det;
        track.detection = (int) det[6];
        track.observations.put(track.age, det);
        // Lookups reach back delta_t ages from the current one; older entries are never read again.
        track.observations.headMap(track.age - settings.deltaT()).clear();
        track.timeSinceUpdate = 0;
        track.hits++;
        track.hitStreak++;
        track.classId = (int) det[5];
        toMeasurement(det);
        if (!track.observed) {
            reupdateAlongVirtualPath(track, measurement.clone());
        }
        track.observed = true;
        track.lastMeasurement = measurement.clone();
        filter.update(track.state, track.covariance, measurement);
    }

    private void miss(Track track) {
        if (track.observed) {
            track.frozenState = track.state.clone();
            track.frozenCovariance = track.covariance.clone();
            track.missed = 0;
        }
        track.missed++;
        track.observed = false;
    }

    /**
     * ORU: rewind to when observations stopped and update along a straight line from the last
     * observation to {@code target}, one virtual observation per missed frame, as the reference does.
     */
    private void reupdateAlongVirtualPath(Track track, double[] target) {
        if (track.frozenState == null || track.lastMeasurement == null) {
            return;
        }
        System.arraycopy(track.frozenState, 0, track.state, 0, track.state.length);
        System.arraycopy(track.frozenCovariance, 0, track.covariance, 0, track.covariance.length);
        double[] from = track.lastMeasurement;
        double w1 = Math.sqrt(from[2] * from[3]);
        double h1 = Math.sqrt(from[2] / from[3]);
        double w2 = Math.sqrt(target[2] * target[3]);
        double h2 = Math.sqrt(target[2] / target[3]);
        int gap = track.missed + 1;
        double[] virtual = new double[4];
        for (int i = 0; i < gap; i++) {
            double step = (i + 1) / (double) gap;
            double w = w1 + (w2 - w1) * step;
            double h = h1 + (h2 - h1) * step;
            virtual[0] = from[0] + (target[0] - from[0]) * step;
            virtual[1] = from[1] + (target[1] - from[1]) * step;
            virtual[2] = w * h;
            virtual[3] = w / h;
            filter.update(track.state, track.covariance, virtual);
            if (i < gap - 1) {
                filter.predict(track.state, track.covariance);
            }
        }
        track.frozenState = null;
        track.frozenCovariance = null;
    }

    private void spawn(double[] det) {
        Track track = new Track(nextId++);
        toMeasurement(det);
        filter.initiate(measurement, track.state, track.covariance);
        track.lastMeasurement = measurement.clone();
        track.classId = (int) det[5];
        track.detection = (int) det[6];
        tracks.add(track);
    }

    private static double[] direction(double[] from, double[] to) {
        double dx = (to[0] + to[2]) / 2 - (from[0] + from[2]) / 2;
        double dy = (to[1] + to[3]) / 2 - (from[1] + from[3]) / 2;
        double norm = Math.sqrt(dx * dx + dy * dy) + 1e-6;
        return new double[] {dy / norm, dx / norm};
    }

    private void toMeasurement(double[] det) {
        double w = det[2] - det[0];
        double h = det[3] - det[1];
        measurement[0] = det[0] + w / 2;
        measurement[1] = det[1] + h / 2;
        measurement[2] = w * h;
        measurement[3] = w / h;
    }

    private static double[] box(double[] state) {
        double w = Math.sqrt(state[2] * state[3]);
        double h = state[2] / w;
        return new double[] {state[0] - w / 2, state[1] - h / 2, state[0] + w / 2, state[1] + h / 2, 0};
    }
}
