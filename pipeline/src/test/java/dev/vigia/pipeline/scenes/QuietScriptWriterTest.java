package dev.vigia.pipeline.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuietScriptWriterTest {

    private static final int TEN_MINUTES = 6000;

    /** Clips are only counted and timed here; none is drawn. */
    private static List<ActorClip> clips(int n) {
        List<ActorClip> clips = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clips.add(new ActorClip(i, List.of(), List.of(), new float[0], new float[0], 100, 0.8, true));
        }
        return clips;
    }

    private final QuietScriptWriter writer = new QuietScriptWriter(clips(12), new Perspective(0.23, 19, 180, 540), 768, 576, 10,
            new int[] {427, 244, 11, 149}, QuietScriptWriter.Gaps.standard(), 2.5);

    /** Appearances that overlap in time, joined: [start, end] of each stretch with someone in the scene. */
    private static List<double[]> busyStretches(SceneScript script) {
        List<Appearance> sorted = new ArrayList<>(script.appearances());
        sorted.sort(Comparator.comparingDouble(Appearance::start));
        List<double[]> busy = new ArrayList<>();
        for (Appearance a : sorted) {
            double[] last = busy.isEmpty() ? null : busy.get(busy.size() - 1);
            if (last != null && a.start() <= last[1]) {
                last[1] = Math.max(last[1], a.end());
            } else {
                busy.add(new double[] {a.start(), a.end()});
            }
        }
        return busy;
    }

    @Test
    void theSceneIsEmptyForTenToOneHundredTwentySecondsBetweenEpisodes() {
        int stretches = 0;
        for (long seed = 1; seed <= 3; seed++) {
            for (int camera = 0; camera < 4; camera++) {
                SceneScript script = writer.write(seed, camera, TEN_MINUTES);
                List<double[]> busy = busyStretches(script);
                assertTrue(busy.size() >= 4, "ten minutes hold several episodes: " + busy.size());
                double emptySince = 0;
                for (double[] stretch : busy) {
                    double quiet = stretch[0] - emptySince;
                    assertTrue(quiet >= 10 && quiet <= 120, "empty for " + quiet + " s before " + stretch[0]);
                    assertTrue(stretch[1] - stretch[0] < 60, "an episode is a walk through, not a crowd: " + Arrays.toString(stretch));
                    emptySince = stretch[1];
                    stretches++;
                }
                assertTrue(600 - emptySince <= 120, "the end is empty for at most 120 s: " + (600 - emptySince));
            }
        }
        assertTrue(stretches >= 12 * 4, stretches + " episodes");
    }

    @Test
    void aLightSwitchIsAStepInsideAQuietStretch() {
        int switched = 0;
        for (int camera = 0; camera < 8; camera++) {
            SceneScript script = writer.write(4, camera, TEN_MINUTES);
            double[] times = script.gainTimes();
            if (times.length != 4) {
                continue;
            }
            switched++;
            double off = times[0];
            double on = times[2];
            assertEquals(off, times[1], "off is a step");
            assertEquals(on, times[3], "on is a step");
            double base = script.gains()[0];
            assertEquals(base, script.gainAt(off - 0.1), 1e-9);
            assertTrue(script.gainAt(off + 0.1) <= base * 0.75 && script.gainAt(off + 0.1) >= base * 0.5,
                    "dimmed to " + script.gainAt(off + 0.1) + " of " + base);
            assertEquals(base, script.gainAt(on + 0.1), 1e-9, "and back");
            for (Appearance a : script.appearances()) {
                assertTrue(a.end() <= off - QuietScriptWriter.LIGHT_SWITCH_MARGIN || a.start() >= on + QuietScriptWriter.LIGHT_SWITCH_MARGIN,
                        "nobody is in the scene within 4 s of the switches at " + off + " and " + on);
            }
        }
        assertTrue(switched >= 2 && switched <= 7, switched + " of 8 cameras switch a light");
    }

    @Test
    void eachCameraIsItsOwnAndTheSameSeedGivesTheSameCamera() {
        SceneScript one = writer.write(9, 2, TEN_MINUTES);
        SceneScript again = writer.write(9, 2, TEN_MINUTES);
        SceneScript next = writer.write(9, 3, TEN_MINUTES);
        assertEquals("cam03", one.name());
        assertEquals(one.appearances().size(), again.appearances().size());
        for (int i = 0; i < one.appearances().size(); i++) {
            assertEquals(Arrays.toString(one.appearances().get(i).times()), Arrays.toString(again.appearances().get(i).times()));
            assertEquals(Arrays.toString(one.appearances().get(i).ys()), Arrays.toString(again.appearances().get(i).ys()));
        }
        assertNotEquals(Arrays.toString(one.appearances().get(0).times()), Arrays.toString(next.appearances().get(0).times()));
        for (SceneScript s : List.of(one, next)) {
            assertTrue(s.noiseSigma() >= 2.5 * 0.8 && s.noiseSigma() <= 2.5 * 1.6, "the source's noise, give or take: " + s.noiseSigma());
            assertTrue(s.crf() >= 23 && s.crf() <= 28, "CRF " + s.crf());
        }
    }
}
