package dev.vigia.pipeline.scenes;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the script of a quiet camera from a seed: the empty scene holds for a stretch of
 * {@link Gaps#min()} to {@link Gaps#max()} seconds (by default 10 to 120), then something happens —
 * one person walking through (sometimes stopping) or two whose paths cross — and once the last of
 * them has left, the scene is empty again for the next stretch. Each camera has its own light
 * (some darker), sensor noise around the source's own and compression; on some a light is switched
 * off and on again during a quiet stretch, a step of the whole picture's brightness between two
 * frames, as a motion detector meets it at night.
 */
public final class QuietScriptWriter {

    /** How long the scene stays empty between two episodes, in seconds (both ends included). */
    public record Gaps(double min, double max) {
        public Gaps {
            if (!(min > 0 && max >= min)) {
                throw new IllegalArgumentException("quiet stretches must be more than 0 s and max at least min, got " + min + " to " + max);
            }
        }

        /** The stretches the issue asks for: 10 to 120 s, like a corridor or a car park between passers-by. */
        public static Gaps standard() {
            return new Gaps(10, 120);
        }
    }

    /** Share of episodes that are a crossing of two people rather than one walker. */
    static final double CROSSING_CHANCE = 0.3;
    static final double STOP_CHANCE = 0.2;
    /** Share of cameras whose light is switched off and on once during a long enough quiet stretch. */
    static final double LIGHT_SWITCH_CHANCE = 0.5;
    /** A light switch is put only into a quiet stretch at least this long, its two steps this far inside it. */
    static final double LIGHT_SWITCH_MARGIN = 4;

    private final ScriptWriter writer;
    private final List<ActorClip> clips;
    private final Gaps gaps;
    private final double sourceNoiseSigma;
    private final int width;
    private final int height;
    private final double fps;
    private final int[] occluder;

    /**
     * @param sourceNoiseSigma the sensor noise of the camera the plate was made from (grey levels), which each quiet
     *     camera adds back at its own 0.8 to 1.6 times
     */
    public QuietScriptWriter(List<ActorClip> clips, Perspective perspective, int width, int height, double fps, int[] occluder,
            Gaps gaps, double sourceNoiseSigma) {
        this.writer = new ScriptWriter(clips, perspective, width, height, fps, occluder);
        this.clips = clips;
        this.gaps = gaps;
        this.sourceNoiseSigma = sourceNoiseSigma;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.occluder = occluder;
    }

    /** Camera {@code camera} (0-based) of the set of {@code seed}, {@code frames} long: the same arguments give the same script. */
    public SceneScript write(long seed, int camera, int frames) {
        Random random = new Random(seed * 7_368_787L + camera * 104_729L + 5);
        double duration = frames / fps;
        List<Integer> castOrder = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            castOrder.add(i);
        }
        java.util.Collections.shuffle(castOrder, random);
        ScriptWriter.Cast cast = new ScriptWriter.Cast(castOrder);
        List<Appearance> appearances = new ArrayList<>();
        List<double[]> quiet = new ArrayList<>();
        int[] nextIdentity = {1};
        double emptySince = 0;
        while (true) {
            double start = emptySince + gap(random);
            if (start >= duration) {
                quiet.add(new double[] {emptySince, duration});
                break;
            }
            quiet.add(new double[] {emptySince, start});
            List<Appearance> episode = random.nextDouble() < CROSSING_CHANCE
                    ? startingAt(start, writer.crossing(random, 2, nextIdentity, cast, start + 60, false))
                    : List.of(writer.solo(random, nextIdentity[0]++, cast.next(), start, STOP_CHANCE, random.nextBoolean()));
            appearances.addAll(episode);
            emptySince = episode.stream().mapToDouble(Appearance::end).max().orElse(start);
        }
        double baseGain = 0.75 + random.nextDouble() * 0.25;
        double[] gainTimes = {0};
        double[] gains = {baseGain};
        if (random.nextDouble() < LIGHT_SWITCH_CHANCE) {
            for (double[] stretch : quiet) {
                if (stretch[1] - stretch[0] >= 3 * LIGHT_SWITCH_MARGIN) {
                    double off = stretch[0] + LIGHT_SWITCH_MARGIN;
                    double on = off + (stretch[1] - stretch[0] - 2 * LIGHT_SWITCH_MARGIN) * (0.3 + random.nextDouble() * 0.7);
                    double dim = baseGain * (0.5 + random.nextDouble() * 0.25);
                    // Equal times make a step: the gain jumps between two frames, as a switched light does.
                    gainTimes = new double[] {off, off, on, on};
                    gains = new double[] {baseGain, dim, dim, baseGain};
                    break;
                }
            }
        }
        double noise = sourceNoiseSigma * (0.8 + random.nextDouble() * 0.8);
        int crf = 23 + random.nextInt(6);
        return new SceneScript(String.format("cam%02d", camera + 1), "quiet", frames, fps, width, height, appearances,
                occluder, gainTimes, gains, Math.round(noise * 100) / 100.0, crf, writer.countingLine(),
                writer.countingZone());
    }

    private double gap(Random random) {
        return gaps.min() + random.nextDouble() * (gaps.max() - gaps.min());
    }

    /** The episode moved in time so that its first person steps in at {@code start} (a crossing is timed from its meeting). */
    private static List<Appearance> startingAt(double start, List<Appearance> episode) {
        double first = episode.stream().mapToDouble(Appearance::start).min().orElse(start);
        List<Appearance> moved = new ArrayList<>();
        for (Appearance a : episode) {
            double[] times = a.times().clone();
            for (int i = 0; i < times.length; i++) {
                times[i] += start - first;
            }
            moved.add(new Appearance(a.identity(), a.clip(), times, a.xs(), a.ys()));
        }
        return moved;
    }
}
