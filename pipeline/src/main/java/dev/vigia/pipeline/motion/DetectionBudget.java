package dev.vigia.pipeline.motion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * One engine's detections a second, shared by its motion-gated sources in proportion to their
 * activity. Each source's {@link MotionGate} still decides which frames need the detector; the
 * budget decides whether the source may have one now.
 *
 * <p><b>Shares</b> ({@link #allocate}): every source gets its floor first (the configured floor,
 * never more than the source can use, and all floors together at most half the budget, so a busy
 * camera always keeps half); what is left goes to the sources with activity, in proportion to
 * it, each up to its cap (the rate its {@code detect_fps} / {@code detect_every} allows, measured
 * from the gaps between the frames it allows); what a capped source cannot use goes to the other
 * active ones. Budget left over when every active source is at its cap stays unused.
 *
 * <p><b>Activity</b>: the fraction of the frame that moved (the motion boxes' area), at least
 * {@link #HELD_ACTIVITY} while tracked objects still move or objects stand in the caller's zones
 * (the monitor's zones live after the engine: it reports them through {@link #source(String, IntSupplier)}),
 * smoothed over about a second of the source's own time.
 *
 * <p><b>Spending</b>: each source has a bucket of at most {@link #BUCKET} detections, filled at its
 * share per second of its own time (media time for files, so a file read faster than real time is
 * held to the same rate per second of video). A detection takes one. A quiet source's bucket is
 * full, so the first frame that moves is detected at once.
 *
 * <p><b>Lending</b>: what would overflow a full bucket (the floor of a camera that sits still, the
 * share of one whose gate asks for less) is lent at once to the buckets of the sources with
 * activity that are not full, in proportion to their activity, as the shares are. Shares still say
 * who is sure of what; lending makes sure the budget is spent while anyone asks. Without it 8
 * cameras with a floor each spent half of their budget while all of them were refused: the floors
 * were held for cameras that did not use them.
 *
 * <p><b>Reserve</b>: what overflows and nobody can take (every bucket full, or nobody active) is
 * kept in one reserve of at most {@link #RESERVE_SECONDS} of the budget. A source whose bucket
 * holds less than one detection draws on the reserve; only when that is empty too does the budget
 * refuse, and the gate keeps what moved pending for the next frame. Shares are paid out at their
 * rate, so without it a site quiet for seconds refused the first seconds of its next activity
 * while the budget of those seconds went unspent; the reserve lends them to the burst that
 * follows, and the rate over any longer stretch stays the budget.
 *
 * <p><b>Onsets</b>: a frame whose motion no tracked object explains may be where something
 * just appeared, and its first detections decide how soon it is tracked (a new object needs two
 * to be confirmed). When neither the source's bucket nor the reserve holds one, such a frame is
 * still allowed on credit, the bucket going down to {@code -}{@link #ONSET_CREDIT}; the source's
 * share pays it back before it spends again, so the rate over longer stretches stays the budget.
 * On 12 quiet cameras, motion that nothing explained waited behind other cameras' bursts: the
 * first detection of a newcomer came after 1 s in a quarter of the cases.
 *
 * <p><b>Auto</b>: the budget is {@link #AUTO_FRACTION} of what the detector runs a second, read
 * once a second from the engine's own timing of the detect stage (workers × 1000 / median ms a
 * frame) once {@link #AUTO_SAMPLES} detections have run; until then it does not limit. The rest of
 * the cores' time is left to decoding, motion, tracking and outputs, so queues do not build up.
 *
 * <p>Threads: capture threads of every source call {@link #observe} and {@link #allow} for each
 * frame; every method is synchronized (a few dozen sources, a few arrays of doubles).
 */
public final class DetectionBudget {

    static final double AUTO_FRACTION = 0.8;
    static final int AUTO_SAMPLES = 10;
    static final double BUCKET = 2;
    static final double ACTIVITY_SECONDS = 1;
    /** The least activity of a source whose tracked objects move or stand in a zone: as if 1 % of its frame moved. */
    static final double HELD_ACTIVITY = 0.01;
    /** Smoothed activity below this is none: a few seconds after motion ends. */
    static final double NO_ACTIVITY = 1e-4;
    static final double FLOORS_AT_MOST = 0.5;
    /** The reserve holds at most this many seconds of the budget. */
    static final double RESERVE_SECONDS = 1;
    /** Detections an onset may take on credit when its bucket and the reserve are empty. */
    static final double ONSET_CREDIT = 2;
    /** A source not heard from this long (ended, reconnecting) leaves the shares. */
    static final long SILENT_NANOS = 2_000_000_000L;
    /** A source refused within this long is short now. */
    static final long SHORT_FOR_NANOS = 10_000_000_000L;
    private static final long MEASURE_EVERY_NANOS = 1_000_000_000L;
    private static final double CAP_GAP_WEIGHT = 0.2;

    /**
     * One source's part: its share now, or when it was last seen for a source that ended
     * (detections a second, and of the budget), its cap and activity, and what it asked for and got
     * ({@code lent}: about how many of them came from other sources' unused shares; {@code onCredit}:
     * how many onsets were allowed ahead of the source's share).
     */
    public record Share(String source, double perSecond, double fraction, double capPerSecond, double activity, long asked, long granted,
            long lent, long onCredit, boolean shortNow) {

        /** Frames the gate wanted detected that the budget refused. */
        public long refused() {
            return asked - granted;
        }
    }

    /**
     * The budget now: detections a second ({@code NaN} while an auto budget is not measured yet),
     * whether it is measured, the detector's measured rate it came from (or {@code NaN}), the floor, and each source's part.
     */
    public record Report(double perSecond, boolean auto, double detectorPerSecond, double floorPerSecond, List<Share> sources) {

        /** Sources that got fewer detections than they asked for, over the run so far. */
        public List<String> shortSources() {
            return sources.stream().filter(s -> s.refused() > 0).map(Share::source).toList();
        }

        /** The end-of-run lines for people: the budget, and who got less than they asked for. */
        public List<String> summaryLines() {
            List<String> lines = new ArrayList<>();
            String how = !auto ? "set" : Double.isNaN(perSecond) ? "auto, not measured yet"
                    : String.format(Locale.ROOT, "auto: %.0f %% of the detector's %.1f frames/s", AUTO_FRACTION * 100, detectorPerSecond);
            lines.add(String.format(Locale.ROOT, "detection budget: %s (%s), floor %.1f/s per camera",
                    Double.isNaN(perSecond) ? "unlimited" : String.format(Locale.ROOT, "%.1f/s", perSecond), how, floorPerSecond));
            StringBuilder shortOf = new StringBuilder();
            for (Share s : sources) {
                if (s.refused() > 0) {
                    shortOf.append(shortOf.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                            "%s got %d of the %d detections it asked for (share %.1f/s)", s.source(), s.granted(), s.asked(), s.perSecond()));
                }
            }
            lines.add(shortOf.length() == 0 ? "detection budget: every camera got the detections it asked for"
                    : "detection budget short: " + shortOf);
            return lines;
        }

        /** {@code {"per_second", "auto", "floor_per_second", "short": [...]}} for the stats JSON. */
        public ObjectNode toJson() {
            ObjectNode node = new ObjectMapper().createObjectNode();
            if (!Double.isNaN(perSecond)) {
                node.put("per_second", round(perSecond));
            }
            node.put("auto", auto);
            if (!Double.isNaN(detectorPerSecond)) {
                node.put("detector_per_second", round(detectorPerSecond));
            }
            node.put("floor_per_second", round(floorPerSecond));
            shortSources().forEach(node.putArray("short")::add);
            return node;
        }

        /** One source's part for the stats JSON. */
        public static ObjectNode toJson(Share s) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            if (Double.isFinite(s.perSecond())) {
                node.put("share_per_second", round(s.perSecond()));
            }
            if (Double.isFinite(s.fraction())) {
                node.put("share", round(s.fraction()));
            }
            return node.put("asked", s.asked()).put("granted", s.granted()).put("lent", s.lent()).put("on_credit", s.onCredit())
                    .put("refused", s.refused())
                    .put("activity", round(s.activity())).put("short_now", s.shortNow());
        }

        private static double round(double value) {
            return Math.round(value * 1000) / 1000.0;
        }
    }

    private final BudgetConfig config;
    private final DoubleSupplier detectorPerSecond;
    private final LongSupplier nanoClock;
    private final List<String> names = new ArrayList<>();
    private final List<IntSupplier> objectsInZones = new ArrayList<>();
    private double[] caps = new double[0];
    private double[] capGapMicros = new double[0];
    private double[] activity = new double[0];
    private double[] shares = new double[0];
    /** Each source's share when it was last present: what a source that ended or went silent had. */
    private double[] lastShares = new double[0];
    private double[] tokens = new double[0];
    private long[] lastMicros = new long[0];
    private long[] lastCadenceMicros = new long[0];
    private long[] lastSeenNanos = new long[0];
    private long[] lastRefusedNanos = new long[0];
    private long[] asked = new long[0];
    private long[] granted = new long[0];
    /** Detections' worth each source was lent from the others' overflowing buckets and the reserve. */
    private double[] lent = new double[0];
    private long[] onCredit = new long[0];
    private boolean[] seen = new boolean[0];
    private boolean[] present = new boolean[0];
    /** Activity as the shares see it (below {@link #NO_ACTIVITY}: none), reused for every frame. */
    private double[] levels = new double[0];
    private long totalGranted;
    /** Detections nobody's bucket could hold, for whoever runs short first. */
    private double reserve;
    private double perSecond;
    private double measuredDetector = Double.NaN;
    private long nextMeasureNanos;

    /**
     * @param detectorPerSecond frames a second the detector runs, as measured by the engine (0 or
     *     less while unknown); read only by an auto budget
     */
    public DetectionBudget(BudgetConfig config, DoubleSupplier detectorPerSecond) {
        this(config, detectorPerSecond, System::nanoTime);
    }

    DetectionBudget(BudgetConfig config, DoubleSupplier detectorPerSecond, LongSupplier nanoClock) {
        this.config = config;
        this.detectorPerSecond = detectorPerSecond;
        this.nanoClock = nanoClock;
        this.perSecond = config.isAuto() ? Double.POSITIVE_INFINITY : config.perSecond();
    }

    /** Adds a source; returns its number for {@link #observe} and {@link #allow}. Called while the engine is assembled. */
    public int source(String name) {
        return source(name, () -> 0);
    }

    /**
     * Adds a source whose objects standing in zones count as activity: {@code objectsInZones} is
     * read at each of its frames, from its capture thread, so it must be safe to read from there.
     */
    public synchronized int source(String name, IntSupplier objectsInZones) {
        int n = names.size() + 1;
        names.add(name);
        this.objectsInZones.add(objectsInZones);
        caps = grow(caps, n, Double.POSITIVE_INFINITY);
        capGapMicros = Arrays.copyOf(capGapMicros, n);
        activity = Arrays.copyOf(activity, n);
        shares = Arrays.copyOf(shares, n);
        lastShares = Arrays.copyOf(lastShares, n);
        tokens = Arrays.copyOf(tokens, n);
        lastMicros = Arrays.copyOf(lastMicros, n);
        lastCadenceMicros = Arrays.copyOf(lastCadenceMicros, n);
        lastSeenNanos = Arrays.copyOf(lastSeenNanos, n);
        lastRefusedNanos = Arrays.copyOf(lastRefusedNanos, n);
        asked = Arrays.copyOf(asked, n);
        granted = Arrays.copyOf(granted, n);
        lent = Arrays.copyOf(lent, n);
        onCredit = Arrays.copyOf(onCredit, n);
        seen = Arrays.copyOf(seen, n);
        present = Arrays.copyOf(present, n);
        levels = new double[n];
        lastCadenceMicros[n - 1] = Long.MIN_VALUE;
        lastRefusedNanos[n - 1] = Long.MIN_VALUE;
        return n - 1;
    }

    private static double[] grow(double[] array, int n, double fill) {
        double[] grown = Arrays.copyOf(array, n);
        grown[n - 1] = fill;
        return grown;
    }

    /**
     * Capture shows every frame of a source: its time, the fraction of the frame that moved,
     * whether its tracked objects still move, and whether its detection rate allows this frame.
     * Shares are recomputed and the source's bucket filled for the time since its last frame.
     */
    public synchronized void observe(int source, long timestampMicros, double movedFraction, boolean tracksMoving, boolean onCadence) {
        long now = nanoClock.getAsLong();
        double seconds = seen[source] ? Math.max(0, timestampMicros - lastMicros[source]) / 1e6 : 0;
        boolean held = tracksMoving || objectsInZones.get(source).getAsInt() > 0;
        double level = Math.max(Math.min(1, Math.max(0, movedFraction)), held ? HELD_ACTIVITY : 0);
        activity[source] = seen[source] ? activity[source] + (1 - Math.exp(-seconds / ACTIVITY_SECONDS)) * (level - activity[source]) : level;
        if (onCadence) {
            long last = lastCadenceMicros[source];
            if (last != Long.MIN_VALUE && timestampMicros > last) {
                double gap = timestampMicros - last;
                capGapMicros[source] = capGapMicros[source] == 0 ? gap : capGapMicros[source] + CAP_GAP_WEIGHT * (gap - capGapMicros[source]);
                caps[source] = 1e6 / capGapMicros[source];
            }
            lastCadenceMicros[source] = timestampMicros;
        }
        lastSeenNanos[source] = now;
        for (int i = 0; i < present.length; i++) {
            present[i] = i == source || seen[i] && now - lastSeenNanos[i] <= SILENT_NANOS;
        }
        measure(now);
        for (int i = 0; i < levels.length; i++) {
            levels[i] = activity[i] < NO_ACTIVITY ? 0 : activity[i];
        }
        allocate(perSecond, config.floorPerSecond(), caps, levels, present, shares);
        for (int i = 0; i < shares.length; i++) {
            if (present[i]) {
                lastShares[i] = shares[i];
            }
        }
        double share = shares[source];
        if (!seen[source] || Double.isInfinite(share)) {
            tokens[source] = BUCKET;
        } else {
            double filled = tokens[source] + share * seconds;
            tokens[source] = Math.min(BUCKET, filled);
            if (filled > BUCKET) {
                double unlent = lend(source, filled - BUCKET);
                reserve = Math.min(RESERVE_SECONDS * perSecond, reserve + unlent);
            }
        }
        seen[source] = true;
        lastMicros[source] = timestampMicros;
    }

    /**
     * Gives {@code spare} detections that {@code from}'s full bucket cannot hold to the active
     * sources' buckets, by activity; returns what none of them could take.
     */
    private double lend(int from, double spare) {
        double total = 0;
        for (int i = 0; i < levels.length; i++) {
            total += i != from && present[i] && levels[i] > 0 && tokens[i] < BUCKET ? levels[i] : 0;
        }
        if (total <= 0) {
            return spare;
        }
        double left = spare;
        for (int i = 0; i < levels.length; i++) {
            if (i != from && present[i] && levels[i] > 0 && tokens[i] < BUCKET) {
                double given = Math.min(BUCKET - tokens[i], spare * levels[i] / total);
                tokens[i] += given;
                lent[i] += given;
                left -= given;
            }
        }
        return Math.max(0, left);
    }

    /**
     * The gate wants this frame detected: true when the source's bucket, or else the reserve,
     * allows one now (it is taken), false when refused.
     */
    public boolean allow(int source, long timestampMicros) {
        return allow(source, timestampMicros, false);
    }

    /**
     * As {@link #allow(int, long)}; an {@code onset} (motion no tracked object explains) is
     * allowed on credit when the bucket and the reserve are empty, down to {@code -}{@link #ONSET_CREDIT}.
     */
    public synchronized boolean allow(int source, long timestampMicros, boolean onset) {
        asked[source]++;
        if (tokens[source] >= 1) {
            tokens[source] -= 1;
        } else if (reserve >= 1) {
            reserve -= 1;
            lent[source] += 1;
        } else if (onset && tokens[source] - 1 >= -ONSET_CREDIT) {
            tokens[source] -= 1;
            onCredit[source]++;
        } else {
            lastRefusedNanos[source] = nanoClock.getAsLong();
            return false;
        }
        granted[source]++;
        totalGranted++;
        return true;
    }

    /** An auto budget reads the detector's speed once a second, once enough detections have run to trust it. */
    private void measure(long now) {
        if (!config.isAuto() || now < nextMeasureNanos || totalGranted < AUTO_SAMPLES) {
            return;
        }
        nextMeasureNanos = now + MEASURE_EVERY_NANOS;
        double rate = detectorPerSecond.getAsDouble();
        if (rate > 0 && Double.isFinite(rate)) {
            measuredDetector = rate;
            perSecond = AUTO_FRACTION * rate;
        }
    }

    /**
     * Each present source's share of {@code budget} detections a second (0 for absent ones), into
     * {@code shares}: floors first ({@code floor}, at most the source's cap, all of them together at
     * most half the budget), then the rest in proportion to {@code activity} (0: none), each
     * source up to its cap, what a capped source cannot use going to the other active ones. An
     * infinite budget gives every source its cap.
     */
    static void allocate(double budget, double floor, double[] caps, double[] activity, boolean[] present, double[] shares) {
        int count = 0;
        for (boolean p : present) {
            count += p ? 1 : 0;
        }
        Arrays.fill(shares, 0);
        if (count == 0) {
            return;
        }
        if (Double.isInfinite(budget)) {
            for (int i = 0; i < shares.length; i++) {
                shares[i] = present[i] ? caps[i] : 0;
            }
            return;
        }
        double evenFloor = Math.min(floor, FLOORS_AT_MOST * budget / count);
        double left = budget;
        for (int i = 0; i < shares.length; i++) {
            if (present[i]) {
                shares[i] = Math.min(evenFloor, caps[i]);
                left -= shares[i];
            }
        }
        boolean[] open = new boolean[shares.length];
        int opened = 0;
        for (int i = 0; i < shares.length; i++) {
            open[i] = present[i] && activity[i] > 0 && shares[i] < caps[i];
            opened += open[i] ? 1 : 0;
        }
        // Water-filling in proportion to activity: a source whose portion would pass its cap takes its cap
        // and leaves the round; the rest is shared again among the others, until nobody is capped.
        while (left > 1e-12 && opened > 0) {
            double total = 0;
            for (int i = 0; i < shares.length; i++) {
                total += open[i] ? activity[i] : 0;
            }
            boolean capped = false;
            double giving = left;
            for (int i = 0; i < shares.length; i++) {
                if (open[i] && shares[i] + giving * activity[i] / total >= caps[i]) {
                    left -= caps[i] - shares[i];
                    shares[i] = caps[i];
                    open[i] = false;
                    opened--;
                    capped = true;
                }
            }
            if (!capped) {
                for (int i = 0; i < shares.length; i++) {
                    if (open[i]) {
                        shares[i] += giving * activity[i] / total;
                    }
                }
                left = 0;
            }
        }
    }

    /** The budget and each source's part, now. */
    public synchronized Report report() {
        long now = nanoClock.getAsLong();
        List<Share> parts = new ArrayList<>();
        boolean known = Double.isFinite(perSecond);
        for (int i = 0; i < names.size(); i++) {
            double share = lastShares[i];
            parts.add(new Share(names.get(i), share, known && perSecond > 0 ? share / perSecond : Double.NaN, caps[i], activity[i], asked[i],
                    granted[i], Math.round(lent[i]), onCredit[i], lastRefusedNanos[i] != Long.MIN_VALUE && now - lastRefusedNanos[i] <= SHORT_FOR_NANOS));
        }
        return new Report(known ? perSecond : Double.NaN, config.isAuto(), measuredDetector, config.floorPerSecond(), List.copyOf(parts));
    }
}
