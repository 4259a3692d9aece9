package dev.vigia.pipeline.scenes;

/**
 * One stretch of time an actor spends in the scene: where their feet are at each key time, walked
 * in straight lines between them (two equal consecutive points are a stop). Before the first key
 * time and after the last the actor is elsewhere; an identity may have several appearances (it
 * left and came back).
 *
 * @param identity the ground truth id, the same across the identity's appearances
 * @param clip which {@link ActorClip} plays them
 */
public record Appearance(int identity, int clip, double[] times, double[] xs, double[] ys) {

    public Appearance {
        if (times.length < 2 || xs.length != times.length || ys.length != times.length) {
            throw new IllegalArgumentException("an appearance needs two or more key points, each with a time, x and y");
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[i - 1]) {
                throw new IllegalArgumentException("key times must not go back: " + times[i - 1] + " then " + times[i]);
            }
        }
    }

    public double start() {
        return times[0];
    }

    public double end() {
        return times[times.length - 1];
    }

    public boolean activeAt(double t) {
        return t >= start() && t <= end();
    }

    private int segment(double t) {
        int i = 0;
        while (i < times.length - 2 && t > times[i + 1]) {
            i++;
        }
        return i;
    }

    private double fraction(int i, double t) {
        double span = times[i + 1] - times[i];
        return span <= 0 ? 1 : Math.min(1, Math.max(0, (t - times[i]) / span));
    }

    public double x(double t) {
        int i = segment(t);
        return xs[i] + (xs[i + 1] - xs[i]) * fraction(i, t);
    }

    public double y(double t) {
        int i = segment(t);
        return ys[i] + (ys[i + 1] - ys[i]) * fraction(i, t);
    }

    /** Seconds spent walking (not standing) from the start to {@code t}: how far the walk cycle has played. */
    public double walkingSeconds(double t) {
        double walked = 0;
        for (int i = 0; i < times.length - 1 && times[i] < t; i++) {
            if (xs[i] != xs[i + 1] || ys[i] != ys[i + 1]) {
                walked += Math.min(t, times[i + 1]) - times[i];
            }
        }
        return walked;
    }

    /** Whether the actor faces right at {@code t}: the way of the current walk, or of the last one while standing. */
    public boolean facingRight(double t) {
        for (int i = segment(t); i >= 0; i--) {
            if (xs[i + 1] != xs[i]) {
                return xs[i + 1] > xs[i];
            }
        }
        for (int i = 0; i < xs.length - 1; i++) {
            if (xs[i + 1] != xs[i]) {
                return xs[i + 1] > xs[i];
            }
        }
        return true;
    }
}
