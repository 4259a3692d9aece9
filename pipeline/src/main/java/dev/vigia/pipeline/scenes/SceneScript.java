package dev.vigia.pipeline.scenes;

import java.util.List;

/**
 * Everything one benchmark sequence shows, decided before a pixel is drawn: who walks where and
 * when, the piece of the scene pasted back in front of them, the light, the sensor noise and the
 * compression, and the counting line and zone whose expected counts go with it.
 *
 * @param occluder boxes (x, y, width, height, one after another) of the plate's piece that stands in front of
 *     actors whose feet are above its bottom row (farther away), or null
 * @param gainTimes key times (seconds) of the light's gain, linearly interpolated; empty for none
 * @param noiseSigma the sensor noise's standard deviation in grey levels
 * @param crf the H.264 constant rate factor (higher: stronger compression)
 * @param line the counting line x1, y1, x2, y2 in pixels
 * @param zone the counting zone's corners, x and y pairs, in pixels
 */
public record SceneScript(String name, String difficulty, int frames, double fps, int width, int height,
        List<Appearance> appearances, int[] occluder, double[] gainTimes, double[] gains, double noiseSigma, int crf,
        double[] line, double[] zone) {

    /** The light's gain at {@code t} (1: as the plate was filmed). */
    public double gainAt(double t) {
        if (gainTimes.length == 0) {
            return 1;
        }
        if (t <= gainTimes[0]) {
            return gains[0];
        }
        for (int i = 0; i < gainTimes.length - 1; i++) {
            if (t <= gainTimes[i + 1]) {
                double span = gainTimes[i + 1] - gainTimes[i];
                double f = span <= 0 ? 1 : (t - gainTimes[i]) / span;
                return gains[i] + (gains[i + 1] - gains[i]) * f;
            }
        }
        return gains[gains.length - 1];
    }

    /** The line in the syntax of {@code vigia count --line}: {@code NAME=x1,y1,x2,y2}. */
    public String lineOption(String lineName) {
        return lineName + "=" + join(line);
    }

    /** The zone in the syntax of {@code vigia count --zone}: {@code NAME=x1,y1,x2,y2,...}. */
    public String zoneOption(String zoneName) {
        return zoneName + "=" + join(zone);
    }

    private static String join(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(Math.round(v));
        }
        return text.toString();
    }
}
