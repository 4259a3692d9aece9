package dev.vigia.pipeline.scenes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Writes the scripts of a benchmark from a seed. Each sequence is a mix of episodes — a person
 * walking through alone (sometimes stopping), two or three people whose paths cross at one point
 * and time, two people who meet and each turn back — spread over its length, plus re-entries:
 * someone who left comes back 2 to 20 s later by the side they left. Speeds are each actor's own,
 * in body heights per second, so their gait matches their pace at every distance.
 */
public final class ScriptWriter {

    /**
     * What makes one sequence harder than another.
     *
     * @param turnBacks episodes of two people who meet, stand one behind the other and each turn back (see
     *     {@link #turnBack})
     */
    public record Difficulty(String name, int solos, int pairs, int triples, int turnBacks, double stopChance, int reentries,
            boolean occluder, boolean lightChange, double baseGain, double noiseSigma, int crf) {}

    /** The default benchmark, easiest first. */
    /**
     * The default benchmark, easiest first; the seventh, made only when more than six are asked for,
     * is the turn-backs that motion alone gets wrong and appearance must decide.
     */
    public static final List<Difficulty> LADDER = List.of(
            new Difficulty("walkers", 5, 0, 0, 0, 0.2, 0, false, false, 1.0, 1.5, 23),
            new Difficulty("crossings", 2, 4, 0, 0, 0.2, 1, false, false, 1.0, 2.5, 25),
            new Difficulty("groups", 1, 2, 3, 0, 0.3, 1, false, true, 1.0, 3, 26),
            new Difficulty("occluded", 2, 3, 1, 0, 0.3, 2, true, false, 1.0, 3, 27),
            new Difficulty("reentries", 2, 2, 1, 0, 0.3, 4, true, true, 1.0, 4, 28),
            new Difficulty("dusk", 2, 3, 2, 0, 0.3, 3, true, true, 0.6, 6, 31),
            new Difficulty("turnbacks", 1, 0, 0, 4, 0.2, 0, false, false, 1.0, 2.5, 25));

    /** Episode marker in {@link #write}: a turn-back (solos, pairs and triples are marked by their size). */
    private static final int TURN_BACK = 0;
    /** A turn-back's two people stand together this long, plus up to {@link #STAND_SPREAD} more. */
    static final double STAND_SECONDS = 0.8;
    static final double STAND_SPREAD = 0.6;
    /** Where they stand: each this many body heights on its own side of the meeting point, the nearer this much nearer. */
    static final double STAND_APART = 0.02;
    static final double STAND_DEPTH = 0.08;

    static final double MIN_REENTRY_GAP = 2;
    static final double MAX_REENTRY_GAP = 20;

    private final List<ActorClip> clips;
    private final Perspective perspective;
    private final int width;
    private final int height;
    private final double fps;
    private final int[] occluder;
    private ActorLooks looks;

    /** @param occluder boxes x, y, width, height of a piece of the plate that stands in front of people (see {@link SceneScript}), or null */
    public ScriptWriter(List<ActorClip> clips, Perspective perspective, int width, int height, double fps, int[] occluder) {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("a script needs at least one actor");
        }
        this.clips = clips;
        this.perspective = perspective;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.occluder = occluder;
    }

    /** Sequence {@code index} of the benchmark of {@code seed}: the same arguments give the same script. */
    public SceneScript write(long seed, int index, Difficulty difficulty, int frames) {
        Random random = new Random(seed * 1_000_003L + index * 7_919L + 17);
        double duration = frames / fps;
        List<Appearance> appearances = new ArrayList<>();
        List<Integer> episodes = new ArrayList<>();
        for (int i = 0; i < difficulty.solos(); i++) {
            episodes.add(1);
        }
        for (int i = 0; i < difficulty.pairs(); i++) {
            episodes.add(2);
        }
        for (int i = 0; i < difficulty.triples(); i++) {
            episodes.add(3);
        }
        for (int i = 0; i < difficulty.turnBacks(); i++) {
            episodes.add(TURN_BACK);
        }
        Collections.shuffle(episodes, random);
        List<Integer> castOrder = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            castOrder.add(i);
        }
        Collections.shuffle(castOrder, random);
        Cast cast = new Cast(castOrder);
        int[] nextIdentity = {1};
        for (int e = 0; e < episodes.size(); e++) {
            // Episodes start spread over the first 80 % of the sequence, so most end inside it.
            double start = duration * 0.8 * (e + random.nextDouble() * 0.6) / episodes.size();
            int size = episodes.get(e);
            if (size == TURN_BACK) {
                int near = cast.next();
                int far = cast.takeMostDifferentFrom(near, looks());
                int first = identity(nextIdentity);
                appearances.addAll(turnBack(random, first, near, identity(nextIdentity), far, start + 2));
            } else if (size == 1) {
                appearances.add(solo(random, identity(nextIdentity), cast.next(), start, difficulty.stopChance(), random.nextBoolean()));
            } else {
                boolean behindPiece = difficulty.occluder() && occluder != null && random.nextBoolean();
                appearances.addAll(crossing(random, size, nextIdentity, cast, start + 2, behindPiece));
            }
        }
        addReentries(random, appearances, difficulty, duration);
        double[] gainTimes = new double[0];
        double[] gains = new double[0];
        if (difficulty.lightChange()) {
            double dim = 0.55 + random.nextDouble() * 0.15;
            double at = duration * (0.2 + random.nextDouble() * 0.4);
            double hold = 4 + random.nextDouble() * 8;
            double base = difficulty.baseGain();
            gainTimes = new double[] {at, at + 2, at + 2 + hold, at + 4 + hold};
            gains = new double[] {base, base * dim, base * dim, base};
        } else if (difficulty.baseGain() != 1) {
            gainTimes = new double[] {0};
            gains = new double[] {difficulty.baseGain()};
        }
        return new SceneScript(String.format("%02d-%s", index + 1, difficulty.name()), difficulty.name(), frames, fps, width,
                height, appearances, occluder, gainTimes, gains, difficulty.noiseSigma(),
                difficulty.crf(), countingLine(), countingZone());
    }

    private static int identity(int[] next) {
        return next[0]++;
    }

    /**
     * Clips are dealt in a shuffled order, so identities of one sequence are different people while
     * there are enough; once all are dealt, the same order again.
     */
    static final class Cast {
        private final List<Integer> order;
        private final List<Integer> left = new ArrayList<>();

        Cast(List<Integer> order) {
            this.order = order;
        }

        int next() {
            if (left.isEmpty()) {
                left.addAll(order);
            }
            return left.remove(0);
        }

        /** Of the clips not dealt yet, the one dressed most differently from {@code clip} (the first of equals). */
        int takeMostDifferentFrom(int clip, ActorLooks looks) {
            if (left.isEmpty()) {
                left.addAll(order);
            }
            int best = 0;
            for (int i = 1; i < left.size(); i++) {
                if (looks.distance(clip, left.get(i)) > looks.distance(clip, left.get(best))) {
                    best = i;
                }
            }
            return left.remove(best);
        }
    }

    /** The actors' looks, worked out the first time a script needs them. */
    private ActorLooks looks() {
        if (looks == null) {
            looks = new ActorLooks(clips);
        }
        return looks;
    }

    private double farY() {
        return perspective.farthestFootY();
    }

    private double nearY() {
        return Math.min(height - 2, perspective.nearestFootY());
    }

    private double randomY(Random random) {
        return farY() + (nearY() - farY()) * random.nextDouble();
    }

    /** Where an actor is out of the picture, beside it, at foot row {@code y}. */
    private double offscreenX(boolean left, double y) {
        double margin = perspective.heightAt(y) * 0.6;
        return left ? -margin : width + margin;
    }

    private double speed(int clip) {
        return Math.max(0.45, Math.min(1.1, clips.get(clip).heightsPerSecond()));
    }

    /** Seconds to walk from a to b at {@code heightsPerSecond}, the body height taken where the walk is. */
    private double walk(double ax, double ay, double bx, double by, double heightsPerSecond) {
        double bodyHeight = perspective.heightAt((ay + by) / 2);
        return Math.hypot(bx - ax, by - ay) / (heightsPerSecond * bodyHeight);
    }

    Appearance solo(Random random, int identity, int clip, double start, double stopChance, boolean fromLeft) {
        double speed = speed(clip);
        List<double[]> points = new ArrayList<>();
        double y = randomY(random);
        points.add(new double[] {offscreenX(fromLeft, y), y});
        int stops = 1 + random.nextInt(2);
        for (int i = 0; i < stops; i++) {
            double fx = (i + 1.0) / (stops + 1);
            double x = width * (fromLeft ? fx : 1 - fx) + (random.nextDouble() - 0.5) * width * 0.15;
            points.add(new double[] {x, randomY(random)});
            if (random.nextDouble() < stopChance) {
                // A stop: the same point again after a pause.
                points.add(new double[] {x, points.get(points.size() - 1)[1], 1 + random.nextDouble() * 3});
            }
        }
        boolean exitLeft = random.nextDouble() < 0.25 ? fromLeft : !fromLeft;
        double exitY = randomY(random);
        points.add(new double[] {offscreenX(exitLeft, exitY), exitY});
        return timed(identity, clip, start, points, speed);
    }

    /** Points of [x, y] or [x, y, pause]: the pause is spent standing at the point (a stop). */
    private Appearance timed(int identity, int clip, double start, List<double[]> points, double speed) {
        double[] times = new double[points.size()];
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        double t = start;
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            if (i > 0) {
                double[] q = points.get(i - 1);
                t += p.length > 2 ? p[2] : walk(q[0], q[1], p[0], p[1], speed);
            }
            times[i] = t;
            xs[i] = p[0];
            ys[i] = p[1];
        }
        return new Appearance(identity, clip, times, xs, ys);
    }

    /**
     * Two or three people whose paths meet at one point at one time: one from each side (the third
     * with the first), a little apart in depth so the nearer one hides the other.
     */
    List<Appearance> crossing(Random random, int size, int[] nextIdentity, Cast cast, double meetAt, boolean behindPiece) {
        double mx = width * (0.3 + random.nextDouble() * 0.4);
        double my = farY() + (nearY() - farY()) * (0.2 + random.nextDouble() * 0.6);
        if (behindPiece) {
            // The meeting point just behind the piece of the scene: both hide behind it and each other at once.
            int ground = SceneRenderer.groundRow(occluder);
            double pieceX = 0;
            int boxes = 0;
            for (int i = 0; i + 3 < occluder.length; i += 4, boxes++) {
                pieceX += occluder[i] + occluder[i + 2] / 2.0;
            }
            mx = pieceX / boxes;
            my = clampY(farY() + (Math.min(ground, nearY()) - farY()) * (0.3 + random.nextDouble() * 0.6));
        }
        List<Appearance> group = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            int identity = identity(nextIdentity);
            int clip = cast.next();
            double speed = speed(clip);
            boolean fromLeft = k % 2 == 0;
            double depth = perspective.heightAt(my) * (k == 0 ? 0 : k == 1 ? 0.12 : -0.1);
            double y = my + depth;
            double startY = clampY(y + (random.nextDouble() - 0.5) * (nearY() - farY()) * 0.4);
            double endY = clampY(y + (random.nextDouble() - 0.5) * (nearY() - farY()) * 0.4);
            double x = mx + (k == 2 ? perspective.heightAt(my) * 0.25 : 0);
            double sx = offscreenX(fromLeft, startY);
            double toMeet = walk(sx, startY, x, y, speed);
            List<double[]> points = new ArrayList<>();
            points.add(new double[] {sx, startY});
            points.add(new double[] {x, y});
            points.add(new double[] {offscreenX(!fromLeft, endY), endY});
            group.add(timed(identity, clip, Math.max(0, meetAt - toMeet), points, speed));
        }
        return group;
    }

    /**
     * Two people walk toward each other from opposite sides of the picture, meet at {@code meetAt}
     * seconds, stand there, the farther one mostly hidden behind the nearer, for about a second, and
     * each turns back and leaves by the side it came from. A tracker that follows motion alone
     * expects them to walk on through each other and swaps their ids; only how they look says
     * who is who. The first person ({@code firstClip}) comes from the left and stands behind.
     * Start times may be negative: the walk is then under way when the sequence begins.
     */
    public List<Appearance> turnBack(Random random, int firstIdentity, int firstClip, int secondIdentity, int secondClip,
            double meetAt) {
        double mx = width * (0.35 + random.nextDouble() * 0.3);
        double my = farY() + (nearY() - farY()) * (0.3 + random.nextDouble() * 0.5);
        double stand = STAND_SECONDS + random.nextDouble() * STAND_SPREAD;
        double bodyHeight = perspective.heightAt(my);
        List<Appearance> pair = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            boolean fromLeft = k == 0;
            int clip = k == 0 ? firstClip : secondClip;
            double speed = speed(clip);
            double y = my + (k == 0 ? 0 : STAND_DEPTH * bodyHeight);
            double x = mx + (fromLeft ? -1 : 1) * STAND_APART * bodyHeight;
            double startY = clampY(y + (random.nextDouble() - 0.5) * (nearY() - farY()) * 0.2);
            double endY = clampY(y + (random.nextDouble() - 0.5) * (nearY() - farY()) * 0.2);
            double sx = offscreenX(fromLeft, startY);
            List<double[]> points = new ArrayList<>();
            points.add(new double[] {sx, startY});
            points.add(new double[] {x, y});
            points.add(new double[] {x, y, stand});
            points.add(new double[] {offscreenX(fromLeft, endY), endY});
            pair.add(timed(k == 0 ? firstIdentity : secondIdentity, clip, meetAt - walk(sx, startY, x, y, speed), points, speed));
        }
        return pair;
    }

    private double clampY(double y) {
        return Math.max(farY(), Math.min(nearY(), y));
    }

    /** Identities that left in time come back, by the side they left, 2 to 20 s later. */
    private void addReentries(Random random, List<Appearance> appearances, Difficulty difficulty, double duration) {
        List<Appearance> candidates = new ArrayList<>(appearances);
        candidates.sort((a, b) -> Double.compare(a.end(), b.end()));
        int added = 0;
        for (Appearance left : candidates) {
            if (added == difficulty.reentries()) {
                break;
            }
            double gap = MIN_REENTRY_GAP + random.nextDouble() * (MAX_REENTRY_GAP - MIN_REENTRY_GAP);
            double back = left.end() + gap;
            if (back > duration - 8) {
                continue;
            }
            boolean leftByLeft = left.xs()[left.xs().length - 1] < 0;
            Appearance again = solo(random, left.identity(), left.clip(), back, difficulty.stopChance(), leftByLeft);
            appearances.add(new Appearance(left.identity(), left.clip(), again.times(), again.xs(), again.ys()));
            added++;
        }
    }

    /** An upright line across the walkway, in the middle of the picture: most walks cross it. */
    double[] countingLine() {
        double x = Math.round(width * 0.5);
        return new double[] {x, Math.round(farY() - 10), x, Math.round(nearY() + 10)};
    }

    /** A quadrilateral on the ground in the right third of the walkway. */
    double[] countingZone() {
        double top = Math.round(farY() + (nearY() - farY()) * 0.3);
        double bottom = Math.round(farY() + (nearY() - farY()) * 0.8);
        return new double[] {Math.round(width * 0.62), top, Math.round(width * 0.85), top, Math.round(width * 0.88), bottom,
                Math.round(width * 0.6), bottom};
    }
}
