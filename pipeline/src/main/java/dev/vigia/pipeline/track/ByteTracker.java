package dev.vigia.pipeline.track;

import dev.vigia.config.UserError;
import dev.vigia.models.boxes.Detections;
import dev.vigia.pipeline.track.assign.LinearAssignment;
import dev.vigia.pipeline.track.kalman.KalmanFilterXyah;
import dev.vigia.pipeline.track.reid.AppearanceEmbedder;
import dev.vigia.pipeline.track.reid.Embeddings;
import dev.vigia.pipeline.track.reid.TrackAppearance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ByteTrack (Zhang et al., 2022): associate every detection box, not only confident ones. High
 * scores are matched first to all tracks (IoU fused with the score), then low scores to the tracks
 * left over, then the remaining high scores to tentative tracks; unmatched confident boxes start
 * tracks; lost tracks are kept for {@code track_buffer} frames (at 30 fps) before removal.
 *
 * <p>With {@link ReidSettings#reid()} on, confident boxes are also compared by appearance (see
 * {@link ReidSettings}), and a track past its buffer is kept, by its looks alone, for
 * {@code reid_memory} seconds so that an object coming back takes its old id.
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
            var node = TrackerSpec.defaults(TrackerKind.BYTETRACK);
            node.remove("tracker");
            ReidSettings.takeFrom(node, "bytetrack.yaml");
            return dev.vigia.config.YamlConfig.convert(node, "bytetrack.yaml", Settings.class);
        }
    }

    private static final double SECOND_MATCH_THRESH = 0.5;
    private static final double UNCONFIRMED_MATCH_THRESH = 0.7;
    private static final double DUPLICATE_IOU_DISTANCE = 0.15;
    /** A track's gallery takes a view at most this often (frames at 30 fps): 8 views span at least 4 s. */
    private static final int GALLERY_INTERVAL_FRAMES = 15;
    /** A box overlapping a found track's box this much is a second box on that object. */
    private static final double DUPLICATE_BOX_IOU = 0.5;
    /**
     * ReID: a new track may take a departed track's id during its first seconds. A returning
     * person is first seen at the frame's edge or behind something, in part, and a part does not
     * look like the whole; the whole views that follow decide.
     */
    private static final double CLAIM_SECONDS = 3;
    /** Whole views in a row that must agree on one departed track before a young track takes its id. */
    private static final int CLAIM_VOTES = 2;
    /**
     * The departed track a young one takes must be clearly the nearest: the second nearest at
     * least this many times as far (people in the same dark clothes look alike; a guess between
     * them would swap ids, which is worse than a new id).
     */
    private static final double CLAIM_RATIO = 2.5;
    /**
     * ReID: a young track that may be a departed one coming back is not reported until its whole
     * views decide (it takes the departed id, or {@link #STRANGER_VOTES} views in a row look like
     * no departed track), for at most this long. Reported at once under a new id, a return taken
     * back later is two ID switches (new, then old again) and a second "new object" event; on the
     * scenes benchmark the id given back had been out for 0.5-1.1 s.
     */
    private static final double HOLD_SECONDS = 1.2;
    /**
     * Whole views in a row that look like no departed track before a held young track is let out
     * as a stranger: more than {@link #CLAIM_VOTES}, since a returning person's first views are
     * often partly hidden behind the scene and look like nobody.
     */
    private static final int STRANGER_VOTES = 3;
    /**
     * Frames on which no detection ran (gated by motion, {@code detect_every}, a refused budget)
     * leave a track's box where prediction put it, and a track seen once has no velocity: on a
     * quiet camera's video a walker 30 pixels wide moved a body width between detections half a
     * second apart, the boxes did not overlap, and the walker was never tracked at
     * {@code --detect-every 5}. So a track's box and each box it is compared with are both grown
     * by this fraction of their size for each second of such frames since the track's last box
     * (the buffered IoU of C-BIoU), up to {@link #MAX_BUFFER}: 0.8 at 2 detections a second, and
     * the walker is tracked (1.0 a second was not enough). With a detection on every frame
     * nothing changes.
     */
    private static final double BUFFER_PER_SKIPPED_SECOND = 2.0;
    private static final double MAX_BUFFER = 1.0;
    /** A box within this many pixels of the image's border is cut by it: not a whole view. */
    private static final int EDGE_PIXELS = 3;

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
        /** The detection that updated the track at {@code frameId}. */
        int detection = -1;
        /** Set membership without a set: the track is in the set stamped with this number. */
        int mark;
        /** How the track looks; null when ReID is off. */
        TrackAppearance appearance;
        /** ReID, young tracks: the departed track this one looked like on its last whole views, and how many in a row. */
        Track claimCandidate;
        int claimVotes;
        /** ReID, young tracks: born while departed tracks were remembered, and not yet decided a stranger or a return. */
        boolean undecided;
        /** Frames since this track's last box on which no detection ran at all. */
        int skipped;
        /** Whole views in a row that looked like no departed track. */
        int strangerVotes;

        double x1() {
            return mean[0] - mean[2] * mean[3] / 2;
        }

        double y1() {
            return mean[1] - mean[3] / 2;
        }

        double x2() {
            return mean[0] + mean[2] * mean[3] / 2;
        }

        double y2() {
            return mean[1] + mean[3] / 2;
        }
    }

    private final Settings settings;
    private final CameraMotion cameraMotion;
    private final String name;
    private final KalmanFilterXyah filter = new KalmanFilterXyah();
    private final LinearAssignment assignment = new LinearAssignment();
    private final OverlapPairs overlaps = new OverlapPairs();
    private final double[] measurement = new double[4];

    // Every list and array below is reused from frame to frame (hot path: update allocates only
    // the Track of a new object, and grows scratch to the busiest frame).
    private List<Track> tracked = new ArrayList<>();
    private List<Track> lost = new ArrayList<>();
    private List<Track> nextTracked = new ArrayList<>();
    private List<Track> nextLost = new ArrayList<>();
    private final List<Track> confirmed = new ArrayList<>();
    private final List<Track> unconfirmed = new ArrayList<>();
    private final List<Track> pool = new ArrayList<>();
    private final List<Track> leftover = new ArrayList<>();
    private final List<Track> activated = new ArrayList<>();
    private final List<Track> refound = new ArrayList<>();
    private final List<Track> newlyLost = new ArrayList<>();
    private final List<Track> removed = new ArrayList<>();
    private int[] high = new int[0];
    private int[] low = new int[0];
    private int[] remaining = new int[0];
    private boolean[] highUsed = new boolean[0];
    private boolean[] remainingUsed = new boolean[0];
    private int[] rowToColumn = new int[0];
    /** Each association row's buffer (see {@link #BUFFER_PER_SKIPPED_SECOND}), reused. */
    private double[] buffers = new double[0];
    private double secondsPerFrame = 1 / FrameRate.REFERENCE_FPS;
    private int[] columnToRow = new int[0];
    private int[] pairRow = new int[0];
    private int[] pairColumn = new int[0];
    private double[] pairCost = new double[0];
    private double[] pairLooks = new double[0];
    private double[] nearestLooks = new double[0];
    private final double[] cameraMatrix = new double[KalmanFilterXyah.STATE * KalmanFilterXyah.STATE];
    private final double[] cameraScratch = new double[KalmanFilterXyah.STATE * KalmanFilterXyah.STATE];
    private int stamp;
    private int frameId;
    private int nextId = 1;

    // ReID: null when off.
    private final ReidSettings reid;
    private final Embeddings embeddings;
    /** Tracks past their buffer, kept by their looks for reid_memory seconds. */
    private final List<Track> dormant = new ArrayList<>();
    private final List<Track> returning = new ArrayList<>();
    private long embeddedFrames;
    private int galleryInterval = GALLERY_INTERVAL_FRAMES;

    public ByteTracker(Settings settings) {
        this(settings, CameraMotion.NONE, "bytetrack");
    }

    /** ByteTrack whose tracks move with the camera before each association (BoT-SORT's camera motion compensation). */
    public ByteTracker(Settings settings, CameraMotion cameraMotion, String name) {
        this(settings, cameraMotion, name, ReidSettings.off(), null);
    }

    /** As above, comparing appearance as {@code reid} says, with embeddings from {@code embedder} (unused when ReID is off). */
    public ByteTracker(Settings settings, CameraMotion cameraMotion, String name, ReidSettings reid, AppearanceEmbedder embedder) {
        this.settings = settings;
        this.cameraMotion = cameraMotion;
        this.name = name;
        this.reid = reid.reid() ? reid : null;
        this.embeddings = reid.reid() ? new Embeddings(embedder) : null;
    }

    @Override
    public boolean needsImages() {
        return reid != null;
    }

    /** Mean time spent embedding per updated frame, in milliseconds (0 when ReID is off). */
    public double embeddingMillisPerFrame() {
        return embeddings == null || embeddedFrames == 0 ? 0 : embeddings.totalNanos() / 1e6 / embeddedFrames;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int stateSize() {
        return tracked.size() + lost.size() + dormant.size();
    }

    @Override
    public void update(Detections detections, FrameInfo frame, Tracks out) {
        frameId++;
        int highCount = splitByScore(detections);
        int lowCount = this.lowCount;
        if (reid != null) {
            if (frame.image() == null) {
                throw new UserError("tracker parameter reid needs the video's images, and this frame has none; "
                        + "track the video itself, or set reid=false");
            }
            galleryInterval = Math.max(1, FrameRate.scale(GALLERY_INTERVAL_FRAMES, frame.fps()));
            embeddings.compute(frame.image(), detections, high, highCount);
            embeddedFrames++;
        }

        secondsPerFrame = 1 / (frame.fps() > 0 ? frame.fps() : FrameRate.REFERENCE_FPS);
        unconfirmed.clear();
        confirmed.clear();
        for (Track track : tracked) {
            (track.activated ? confirmed : unconfirmed).add(track);
        }
        pool.clear();
        appendUnique(pool, confirmed, lost);
        predictAll(pool);
        double[] motion = cameraMotion.estimate(frame);
        if (motion != null) {
            followCamera(pool, motion);
            followCamera(unconfirmed, motion);
        }
        activated.clear();
        refound.clear();
        newlyLost.clear();
        removed.clear();

        // Step 1: high-score boxes against every confirmed or lost track.
        associate(pool, detections, high, highCount, settings.matchThresh(), settings.fuseScore(), reid != null);
        leftover.clear();
        highUsed = cleared(highUsed, highCount);
        for (int t = 0; t < pool.size(); t++) {
            Track track = pool.get(t);
            int match = rowToColumn[t];
            if (match >= 0) {
                highUsed[match] = true;
                absorb(track, detections, high[match], track.state == TrackState.TRACKED ? activated : refound);
            } else if (track.state == TrackState.TRACKED) {
                leftover.add(track);
            }
        }

        // Step 2: low-score boxes against the tracked tracks left over.
        associate(leftover, detections, low, lowCount, SECOND_MATCH_THRESH, false, false);
        for (int t = 0; t < leftover.size(); t++) {
            Track track = leftover.get(t);
            if (rowToColumn[t] >= 0) {
                absorb(track, detections, low[rowToColumn[t]], activated);
            } else if (track.state != TrackState.LOST) {
                track.state = TrackState.LOST;
                newlyLost.add(track);
            }
        }

        // Step 3: tentative tracks (seen once) against the high-score boxes nobody took.
        if (remaining.length < highCount) {
            remaining = new int[highCount];
        }
        int remainingCount = 0;
        for (int d = 0; d < highCount; d++) {
            if (!highUsed[d]) {
                remaining[remainingCount++] = high[d];
            }
        }
        associate(unconfirmed, detections, remaining, remainingCount, UNCONFIRMED_MATCH_THRESH, settings.fuseScore(), reid != null);
        remainingUsed = cleared(remainingUsed, remainingCount);
        for (int t = 0; t < unconfirmed.size(); t++) {
            Track track = unconfirmed.get(t);
            if (rowToColumn[t] >= 0) {
                remainingUsed[rowToColumn[t]] = true;
                absorb(track, detections, remaining[rowToColumn[t]], activated);
            } else {
                track.state = TrackState.REMOVED;
                removed.add(track);
            }
        }

        // Step 3b (ReID): confident boxes nobody took, against the looks of the lost and dormant tracks.
        if (reid != null) {
            reidentifyReturning(detections, remaining, remainingCount);
        }

        // Step 4: confident boxes nobody took start new tracks. With ReID, appearance can hand a
        // track the lower-scored of two boxes on one object (a van found as car and as truck: both
        // look the same); the other is not a new object.
        for (int d = 0; d < remainingCount; d++) {
            if (!remainingUsed[d] && detections.score(remaining[d]) >= settings.newTrackThresh()
                    && (reid == null || !coversAFoundTrack(detections, remaining[d]))) {
                activated.add(spawn(detections, remaining[d]));
            }
        }

        // Step 4b (ReID): a young track that clearly looks like a departed one takes its id.
        if (reid != null) {
            claimDepartedIds(detections, frame);
        }

        // Step 5: retire tracks lost for longer than the buffer, then rebuild the lists.
        int maxTimeLost = FrameRate.scale(settings.trackBuffer(), frame.fps());
        for (Track track : lost) {
            if (frameId - track.frameId > maxTimeLost && track.state == TrackState.LOST) {
                track.state = TrackState.REMOVED;
                removed.add(track);
                if (reid != null && track.appearance != null && !track.appearance.isEmpty()) {
                    dormant.add(track);
                }
            }
        }
        if (reid != null) {
            retireDormant(frame.fps());
        }
        rebuildLists();
        removeDuplicates();
        List<Track> previousTracked = tracked;
        tracked = nextTracked;
        nextTracked = previousTracked;
        List<Track> previousLost = lost;
        lost = nextLost;
        nextLost = previousLost;

        reportTracked(frame, out);
    }

    /** The next tracked list: still tracked, then newly activated, then found again; the next lost list: the rest of the lost and the newly lost, less the removed. */
    private void rebuildLists() {
        nextTracked.clear();
        int inTracked = ++stamp;
        for (Track track : tracked) {
            if (track.state == TrackState.TRACKED) {
                nextTracked.add(track);
                track.mark = inTracked;
            }
        }
        appendUnique(nextTracked, activated, refound, inTracked);
        nextLost.clear();
        for (Track track : lost) {
            if (track.mark != inTracked) {
                nextLost.add(track);
            }
        }
        nextLost.addAll(newlyLost);
        int isRemoved = ++stamp;
        for (Track track : removed) {
            track.mark = isRemoved;
        }
        removeMarked(nextLost, isRemoved);
    }

    @Override
    public void predict(FrameInfo frame, Tracks out) {
        frameId++;
        predictAll(tracked);
        for (Track track : tracked) {
            track.skipped++;
        }
        for (Track track : lost) {
            track.skipped++;
        }
        double[] motion = cameraMotion.estimate(frame);
        if (motion != null) {
            followCamera(tracked, motion);
        }
        reportTracked(frame, out);
    }

    @Override
    public void reset() {
        tracked.clear();
        lost.clear();
        dormant.clear();
        frameId = 0;
        nextId = 1;
    }

    private int lowCount;

    /** Fills {@code high} and {@code low} with the indexes of boxes above each threshold, in detection order; returns the high count. */
    private int splitByScore(Detections detections) {
        int n = detections.size();
        if (high.length < n) {
            high = new int[n];
            low = new int[n];
        }
        int highCount = 0;
        lowCount = 0;
        for (int d = 0; d < n; d++) {
            float score = detections.score(d);
            if (score > settings.trackThresh()) {
                high[highCount++] = d;
            } else if (score > settings.lowThresh()) {
                low[lowCount++] = d;
            }
        }
        return highCount;
    }

    /** {@code flags} (or a larger array) with its first {@code count} entries false. */
    private static boolean[] cleared(boolean[] flags, int count) {
        boolean[] result = count <= flags.length ? flags : new boolean[Math.max(count, flags.length * 2)];
        java.util.Arrays.fill(result, 0, count, false);
        return result;
    }

    /** Removes the tracks stamped {@code mark}, keeping the order of the rest. */
    private static void removeMarked(List<Track> tracks, int mark) {
        int kept = 0;
        for (int i = 0; i < tracks.size(); i++) {
            Track track = tracks.get(i);
            if (track.mark != mark) {
                tracks.set(kept++, track);
            }
        }
        while (tracks.size() > kept) {
            tracks.remove(tracks.size() - 1);
        }
    }

    /** {@code first}, then each track of {@code second} not in it yet (ByteTrack's joint_stracks), into {@code into}. */
    private void appendUnique(List<Track> into, List<Track> first, List<Track> second) {
        int in = ++stamp;
        appendUnique(into, first, second, in);
    }

    private static void appendUnique(List<Track> into, List<Track> first, List<Track> second, int in) {
        for (Track track : into) {
            track.mark = in;
        }
        appendUnmarked(into, first, in);
        appendUnmarked(into, second, in);
    }

    private static void appendUnmarked(List<Track> into, List<Track> source, int in) {
        for (Track track : source) {
            if (track.mark != in) {
                into.add(track);
                track.mark = in;
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
    private void followCamera(List<Track> tracks, double[] h) {
        double[] m = cameraMatrix;
        java.util.Arrays.fill(m, 0);
        for (int i = 0; i < KalmanFilterXyah.STATE; i++) {
            m[i * KalmanFilterXyah.STATE + i] = 1;
        }
        for (int base = 0; base <= 4; base += 4) {
            m[base * 8 + base] = h[0];
            m[base * 8 + base + 1] = h[1];
            m[(base + 1) * 8 + base] = h[3];
            m[(base + 1) * 8 + base + 1] = h[4];
        }
        double[] temp = cameraScratch;
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

    /**
     * Matches tracks to the boxes {@code boxes[0..count)} by IoU distance (optionally fused with
     * the box score) under a limit, into {@code rowToColumn} (each track's position in
     * {@code boxes}, or -1). Only overlapping pairs can cost less than the limit (which is at most
     * 1), so only they are costed.
     */
    private void associate(List<Track> tracks, Detections detections, int[] boxes, int count, double limit, boolean fuseScore,
            boolean appearance) {
        int rows = tracks.size();
        if (rowToColumn.length < rows) {
            rowToColumn = new int[Math.max(rows, rowToColumn.length * 2)];
        }
        if (columnToRow.length < count) {
            columnToRow = new int[Math.max(count, columnToRow.length * 2)];
        }
        overlaps.reset(rows, count);
        if (buffers.length < rows) {
            buffers = new double[Math.max(rows, buffers.length * 2)];
        }
        for (int t = 0; t < rows; t++) {
            Track track = tracks.get(t);
            double buffer = Math.min(MAX_BUFFER, BUFFER_PER_SKIPPED_SECOND * track.skipped * secondsPerFrame);
            buffers[t] = buffer;
            // Grown twice the buffer to find every box that overlaps it once both are grown.
            double growX = 2 * buffer * (track.x2() - track.x1());
            double growY = 2 * buffer * (track.y2() - track.y1());
            overlaps.setA(t, track.x1() - growX, track.y1() - growY, track.x2() + growX, track.y2() + growY);
        }
        for (int d = 0; d < count; d++) {
            int box = boxes[d];
            overlaps.setB(d, detections.x1(box), detections.y1(box), detections.x2(box), detections.y2(box));
        }
        int found = overlaps.find();
        if (pairRow.length < found) {
            pairRow = new int[found];
            pairColumn = new int[found];
            pairCost = new double[found];
        }
        if (appearance) {
            findLookAlikes(tracks, detections, boxes, found);
        }
        int pairs = 0;
        for (int p = 0; p < found; p++) {
            int t = overlaps.a(p);
            int d = overlaps.b(p);
            if (settings.classAware() && tracks.get(t).classId != detections.classId(boxes[d])) {
                continue;
            }
            double iou = buffers[t] > 0 ? bufferedIou(tracks.get(t), detections, boxes[d], buffers[t]) : overlaps.iou(p);
            if (buffers[t] > 0 && iou <= 0) {
                continue;
            }
            double cost = 1 - (fuseScore ? iou * detections.score(boxes[d]) : iou);
            if (appearance) {
                if (vetoed(p, t)) {
                    continue;
                }
                cost = withAppearance(cost, 1 - iou, tracks.get(t), boxes[d]);
            }
            pairRow[pairs] = t;
            pairColumn[pairs] = d;
            pairCost[pairs] = cost;
            pairs++;
        }
        assignment.solveSparse(pairs, pairRow, pairColumn, pairCost, rows, count, limit, rowToColumn, columnToRow);
    }

    /** The IoU of the track's box and the detection's, each grown by {@code buffer} of its width and height on every side. */
    private static double bufferedIou(Track track, Detections detections, int box, double buffer) {
        double tw = track.x2() - track.x1();
        double th = track.y2() - track.y1();
        double dw = detections.x2(box) - detections.x1(box);
        double dh = detections.y2(box) - detections.y1(box);
        double left = Math.max(track.x1() - buffer * tw, detections.x1(box) - buffer * dw);
        double right = Math.min(track.x2() + buffer * tw, detections.x2(box) + buffer * dw);
        double top = Math.max(track.y1() - buffer * th, detections.y1(box) - buffer * dh);
        double bottom = Math.min(track.y2() + buffer * th, detections.y2(box) + buffer * dh);
        if (right <= left || bottom <= top) {
            return 0;
        }
        double intersection = (right - left) * (bottom - top);
        double grown = (1 + 2 * buffer) * (1 + 2 * buffer);
        return intersection / (tw * th * grown + dw * dh * grown - intersection);
    }

    /** A matched box updates its track; a lost track is found again (same id). */
    private void absorb(Track track, Detections detections, int box, List<Track> into) {
        toMeasurement(detections, box);
        filter.update(track.mean, track.covariance, measurement);
        track.state = TrackState.TRACKED;
        track.activated = true;
        track.skipped = 0;
        track.frameId = frameId;
        track.score = detections.score(box);
        track.classId = detections.classId(box);
        track.detection = box;
        learnAppearance(track, box);
        into.add(track);
    }

    private Track spawn(Detections detections, int box) {
        Track track = new Track();
        track.id = nextId++;
        toMeasurement(detections, box);
        filter.initiate(measurement, track.mean, track.covariance);
        track.state = TrackState.TRACKED;
        track.activated = frameId == 1;
        track.frameId = frameId;
        track.startFrame = frameId;
        track.score = detections.score(box);
        track.classId = detections.classId(box);
        track.detection = box;
        learnAppearance(track, box);
        track.undecided = reid != null && anyDeparted();
        return track;
    }

    /**
     * BoT-SORT's fusion: where the boxes are close enough (IoU distance within proximity_thresh)
     * and the looks alike enough (appearance distance within appearance_thresh), the pair costs
     * the smaller of its motion cost and its appearance distance.
     */
    private double withAppearance(double cost, double iouDistance, Track track, int box) {
        if (iouDistance > reid.proximityThresh() || track.appearance == null || track.appearance.isEmpty() || !embeddings.has(box)) {
            return cost;
        }
        double looks = track.appearance.distance(embeddings.array(), embeddings.offset(box));
        return looks <= reid.appearanceThresh() ? Math.min(cost, looks) : cost;
    }

    /**
     * ReID: each overlapping pair's appearance distance into {@code pairLooks} (NaN where the track
     * or the box has no embedding, or they are of different classes and classes are kept apart), and for each track the nearest looks among the boxes it
     * overlaps into {@code nearestLooks} (infinite for none).
     */
    private void findLookAlikes(List<Track> tracks, Detections detections, int[] boxes, int found) {
        if (pairLooks.length < found) {
            pairLooks = new double[pairRow.length];
        }
        if (nearestLooks.length < tracks.size()) {
            nearestLooks = new double[Math.max(tracks.size(), nearestLooks.length * 2)];
        }
        Arrays.fill(nearestLooks, 0, tracks.size(), Double.POSITIVE_INFINITY);
        for (int p = 0; p < found; p++) {
            int t = overlaps.a(p);
            Track track = tracks.get(t);
            int box = boxes[overlaps.b(p)];
            if (track.appearance == null || track.appearance.isEmpty() || !embeddings.has(box)
                    || (settings.classAware() && track.classId != detections.classId(box))) {
                pairLooks[p] = Double.NaN;
                continue;
            }
            pairLooks[p] = track.appearance.distance(embeddings.array(), embeddings.offset(box));
            nearestLooks[t] = Math.min(nearestLooks[t], pairLooks[p]);
        }
    }

    /**
     * ReID's veto: when a box the track overlaps looks like it (within appearance_thresh), every
     * other box it overlaps that looks farther from it by more than veto_margin is refused to it.
     * Two people who meet and turn back: motion expects each to walk on into the other's place,
     * and the box of the one who turned back into it, often with some of the other in it, can even
     * pass appearance_thresh; only the comparison with the better-looking box tells. Where no box
     * looks like the track (its person hidden, the light changed), motion decides alone, and among
     * people in the same dark clothes the margin is rarely passed.
     */
    private boolean vetoed(int pair, int track) {
        return nearestLooks[track] <= reid.appearanceThresh() && pairLooks[pair] > nearestLooks[track] + reid.vetoMargin();
    }

    /** A confident box's embedding joins its track's looks. */
    private void learnAppearance(Track track, int box) {
        if (reid == null || !embeddings.has(box)) {
            return;
        }
        if (track.appearance == null) {
            track.appearance = new TrackAppearance(embeddings.dimension());
        }
        track.appearance.update(embeddings.array(), embeddings.offset(box), frameId, galleryInterval);
    }

    /**
     * Matches the confident boxes {@code boxes[0..count)} that no track took ({@code remainingUsed}
     * false) to the lost tracks not found this frame and the dormant ones, by appearance alone
     * (the motion model has lost them), under reentry_thresh. A match takes the old id back and
     * starts its motion afresh at the box.
     */
    private void reidentifyReturning(Detections detections, int[] boxes, int count) {
        returning.clear();
        for (Track track : lost) {
            if (track.state == TrackState.LOST && track.appearance != null && !track.appearance.isEmpty()) {
                returning.add(track);
            }
        }
        returning.addAll(dormant);
        if (returning.isEmpty() || count == 0) {
            return;
        }
        int rows = returning.size();
        if (rowToColumn.length < rows) {
            rowToColumn = new int[Math.max(rows, rowToColumn.length * 2)];
        }
        if (columnToRow.length < count) {
            columnToRow = new int[Math.max(count, columnToRow.length * 2)];
        }
        int most = rows * count;
        if (pairRow.length < most) {
            pairRow = new int[most];
            pairColumn = new int[most];
            pairCost = new double[most];
        }
        int pairs = 0;
        for (int d = 0; d < count; d++) {
            int box = boxes[d];
            if (remainingUsed[d] || detections.score(box) < settings.newTrackThresh() || !embeddings.has(box)
                    || coversAFoundTrack(detections, box)) {
                continue;
            }
            for (int t = 0; t < rows; t++) {
                Track track = returning.get(t);
                if (settings.classAware() && track.classId != detections.classId(box)) {
                    continue;
                }
                double looks = track.appearance.galleryDistance(embeddings.array(), embeddings.offset(box));
                if (looks < reid.reentryThresh()) {
                    pairRow[pairs] = t;
                    pairColumn[pairs] = d;
                    pairCost[pairs] = looks;
                    pairs++;
                }
            }
        }
        assignment.solveSparse(pairs, pairRow, pairColumn, pairCost, rows, count, reid.reentryThresh(), rowToColumn, columnToRow);
        for (int t = 0; t < rows; t++) {
            int d = rowToColumn[t];
            if (d < 0) {
                continue;
            }
            Track track = returning.get(t);
            remainingUsed[d] = true;
            toMeasurement(detections, boxes[d]);
            filter.initiate(measurement, track.mean, track.covariance);
            track.state = TrackState.TRACKED;
            track.activated = true;
            track.frameId = frameId;
            track.score = detections.score(boxes[d]);
            track.classId = detections.classId(boxes[d]);
            track.detection = boxes[d];
            learnAppearance(track, boxes[d]);
            refound.add(track);
            dormant.remove(track);
        }
    }

    /**
     * Whether {@code box} lies on a track that a box of this frame already updated: a second box
     * on one object (another class's, say) looks exactly like it and is not a returning object.
     */
    private boolean coversAFoundTrack(Detections detections, int box) {
        for (int k = 0; k < 2; k++) {
            for (Track track : k == 0 ? activated : refound) {
                if (track.frameId == frameId && track.detection >= 0
                        && BoxOverlap.iou(detections.x1(box), detections.y1(box), detections.x2(box), detections.y2(box),
                                detections.x1(track.detection), detections.y1(track.detection), detections.x2(track.detection),
                                detections.y2(track.detection)) > DUPLICATE_BOX_IOU) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Each confirmed track in its first {@link #CLAIM_SECONDS}, updated this frame by a whole view
     * (not cut by the image's border), is compared by appearance with the tracks that departed
     * before it started (lost, not found this frame, or dormant); when, on {@link #CLAIM_VOTES}
     * such views in a row, one of them is under reentry_thresh and clearly the nearest
     * ({@link #CLAIM_RATIO}), the young track takes its id and its gallery, and the departed track
     * is dropped.
     */
    private void claimDepartedIds(Detections detections, FrameInfo frame) {
        if (dormant.isEmpty() && lost.isEmpty()) {
            return;
        }
        double rate = frame.fps() > 0 ? frame.fps() : FrameRate.REFERENCE_FPS;
        long window = Math.round(CLAIM_SECONDS * rate);
        for (Track young : activated) {
            if (!young.activated || young.frameId != frameId || frameId - young.startFrame > window || young.detection < 0
                    || !embeddings.has(young.detection) || cutByBorder(detections, young.detection, frame)) {
                continue;
            }
            Track nearest = null;
            double best = Double.POSITIVE_INFINITY;
            double second = Double.POSITIVE_INFINITY;
            for (int k = 0; k < 2; k++) {
                for (Track departed : k == 0 ? lost : dormant) {
                    if (departed == young || departed.appearance == null || departed.appearance.isEmpty()
                            || departed.frameId >= young.startFrame || (k == 0 && departed.state != TrackState.LOST)
                            || (settings.classAware() && departed.classId != young.classId)) {
                        continue;
                    }
                    double looks = departed.appearance.galleryDistance(embeddings.array(), embeddings.offset(young.detection));
                    if (looks < best) {
                        second = best;
                        best = looks;
                        nearest = departed;
                    } else if (looks < second) {
                        second = looks;
                    }
                }
            }
            if (nearest == null || best >= reid.reentryThresh() || second < CLAIM_RATIO * best) {
                young.claimCandidate = null;
                young.claimVotes = 0;
                young.strangerVotes++;
                young.undecided &= young.strangerVotes < STRANGER_VOTES;
                continue;
            }
            young.strangerVotes = 0;
            young.claimVotes = nearest == young.claimCandidate ? young.claimVotes + 1 : 1;
            young.claimCandidate = nearest;
            if (young.claimVotes >= CLAIM_VOTES) {
                takeOver(young, nearest);
            }
        }
    }

    /**
     * The confirmed tracks into {@code out}, less young ones still {@link Track#undecided undecided}
     * (ReID), each held at most {@link #HOLD_SECONDS} and only while a departed track is remembered.
     */
    private void reportTracked(FrameInfo frame, Tracks out) {
        out.clear();
        long hold = reid == null ? 0 : Math.round(HOLD_SECONDS * (frame.fps() > 0 ? frame.fps() : FrameRate.REFERENCE_FPS));
        boolean departed = reid != null && anyDeparted();
        for (Track track : tracked) {
            track.undecided &= departed && frameId - track.startFrame < hold;
            if (track.activated && !track.undecided) {
                report(track, out);
            }
        }
    }

    /** Whether a track that left is remembered by its looks (lost, or dormant), which a young track may turn out to be. */
    private boolean anyDeparted() {
        if (!dormant.isEmpty()) {
            return true;
        }
        for (Track track : lost) {
            if (track.appearance != null && !track.appearance.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** {@code young} carries on as {@code departed}: its id, its start, its gallery; {@code departed} is dropped. */
    private void takeOver(Track young, Track departed) {
        young.id = departed.id;
        young.startFrame = departed.startFrame;
        young.claimCandidate = null;
        young.undecided = false;
        young.appearance.adoptGallery(departed.appearance);
        dormant.remove(departed);
        if (departed.state == TrackState.LOST) {
            departed.state = TrackState.REMOVED;
            removed.add(departed);
        }
        for (Track other : activated) {
            if (other.claimCandidate == departed) {
                other.claimCandidate = null;
                other.claimVotes = 0;
            }
        }
    }

    private static boolean cutByBorder(Detections detections, int box, FrameInfo frame) {
        return detections.x1(box) < EDGE_PIXELS || detections.y1(box) < EDGE_PIXELS
                || detections.x2(box) > frame.width() - EDGE_PIXELS || detections.y2(box) > frame.height() - EDGE_PIXELS;
    }

    /** Dormant tracks unseen for longer than reid_memory are forgotten. */
    private void retireDormant(double fps) {
        double rate = fps > 0 ? fps : FrameRate.REFERENCE_FPS;
        long memory = Math.round(reid.reidMemory() * rate);
        dormant.removeIf(track -> frameId - track.frameId > memory);
    }

    private void toMeasurement(Detections detections, int box) {
        double x1 = detections.x1(box);
        double y1 = detections.y1(box);
        double w = detections.x2(box) - x1;
        double h = detections.y2(box) - y1;
        measurement[0] = x1 + w / 2;
        measurement[1] = y1 + h / 2;
        measurement[2] = w / h;
        measurement[3] = h;
    }

    /** A tracked and a lost track on the same spot are one object: keep the one tracked longer. */
    private void removeDuplicates() {
        overlaps.reset(nextTracked.size(), nextLost.size());
        for (int i = 0; i < nextTracked.size(); i++) {
            Track p = nextTracked.get(i);
            overlaps.setA(i, p.x1(), p.y1(), p.x2(), p.y2());
        }
        for (int j = 0; j < nextLost.size(); j++) {
            Track q = nextLost.get(j);
            overlaps.setB(j, q.x1(), q.y1(), q.x2(), q.y2());
        }
        int found = overlaps.find();
        if (found == 0) {
            return;
        }
        int drop = ++stamp;
        for (int pair = 0; pair < found; pair++) {
            if (1 - overlaps.iou(pair) < DUPLICATE_IOU_DISTANCE) {
                Track p = nextTracked.get(overlaps.a(pair));
                Track q = nextLost.get(overlaps.b(pair));
                if (p.frameId - p.startFrame > q.frameId - q.startFrame) {
                    q.mark = drop;
                } else {
                    p.mark = drop;
                }
            }
        }
        removeMarked(nextTracked, drop);
        removeMarked(nextLost, drop);
    }

    private void report(Track track, Tracks out) {
        double w = track.x2() - track.x1();
        double h = track.y2() - track.y1();
        if (w * h <= settings.minBoxArea()) {
            return;
        }
        if (settings.aspectRatioThresh() > 0 && w / h > settings.aspectRatioThresh()) {
            return;
        }
        out.add(track.id, (float) track.x1(), (float) track.y1(), (float) track.x2(), (float) track.y2(), track.score, track.classId,
                track.frameId == frameId ? track.detection : -1);
    }
}
