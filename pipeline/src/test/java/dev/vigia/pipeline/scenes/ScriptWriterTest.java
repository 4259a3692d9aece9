package dev.vigia.pipeline.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScriptWriterTest {

    /** Clips are only counted and timed here; none is drawn. */
    private static List<ActorClip> clips(int n) {
        List<ActorClip> clips = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clips.add(new ActorClip(i, List.of(), List.of(), new float[0], new float[0], 100, 0.8, true));
        }
        return clips;
    }

    private final ScriptWriter writer = new ScriptWriter(clips(12), new Perspective(0.23, 19, 180, 540), 768, 576, 10,
            new int[] {427, 244, 11, 149});

    @Test
    void reentriesKeepTheIdentityAndComeBackTwoToTwentySecondsLater() {
        for (long seed = 1; seed <= 5; seed++) {
            SceneScript script = writer.write(seed, 4, ScriptWriter.LADDER.get(4), 600);
            Map<Integer, List<Appearance>> byIdentity = script.appearances().stream()
                    .collect(Collectors.groupingBy(Appearance::identity));
            int returns = 0;
            for (List<Appearance> stays : byIdentity.values()) {
                stays.sort(Comparator.comparingDouble(Appearance::start));
                for (int i = 1; i < stays.size(); i++) {
                    double gap = stays.get(i).start() - stays.get(i - 1).end();
                    assertTrue(gap >= 2 && gap <= 20, "came back after " + gap + " s");
                    assertEquals(stays.get(i - 1).clip(), stays.get(i).clip(), "the same person comes back");
                    returns++;
                }
            }
            assertTrue(returns >= 1 && returns <= 4, returns + " re-entries");
        }
    }

    @Test
    void aCrossingBringsTwoPeopleToOnePointAtOneTime() {
        SceneScript script = writer.write(3, 1, new ScriptWriter.Difficulty("pair", 0, 1, 0, 0, 0, 0, false, false, 1, 0, 23), 600);
        assertEquals(2, script.appearances().size());
        Appearance a = script.appearances().get(0);
        Appearance b = script.appearances().get(1);
        assertTrue(a.facingRight(a.times()[1]) != b.facingRight(b.times()[1]), "from opposite sides");
        assertEquals(a.times()[1], b.times()[1], 1e-9);
        assertEquals(a.xs()[1], b.xs()[1], 1e-9);
        assertTrue(Math.abs(a.ys()[1] - b.ys()[1]) > 0, "one a little behind the other");
    }

    @Test
    void aTurnBackBringsTwoPeopleTogetherAndSendsEachBackTheWayItCame() {
        SceneScript script = writer.write(2, 6, ScriptWriter.LADDER.get(6), 600);
        assertEquals("07-turnbacks", script.name());
        // A turn-back's two appearances are written one after the other and meet at their second key time.
        List<Appearance> all = script.appearances();
        int pairs = 0;
        for (int i = 0; i + 1 < all.size(); i++) {
            Appearance fromLeft = all.get(i);
            Appearance fromRight = all.get(i + 1);
            if (fromLeft.times().length != 4 || fromRight.times().length != 4
                    || Math.abs(fromLeft.times()[1] - fromRight.times()[1]) > 1e-9) {
                continue;
            }
            pairs++;
            assertTrue(fromLeft.xs()[0] < 0 && fromRight.xs()[0] > 768, "they come from both sides");
            assertEquals(fromLeft.times()[1], fromRight.times()[1], 1e-9, "they meet at one time");
            double stand = fromLeft.times()[2] - fromLeft.times()[1];
            assertEquals(stand, fromRight.times()[2] - fromRight.times()[1], 1e-9, "and turn at one time");
            assertTrue(stand >= 0.8 && stand <= 1.4, "after standing " + stand + " s");
            assertTrue(fromLeft.xs()[1] < fromRight.xs()[1] && fromRight.xs()[1] - fromLeft.xs()[1] < 10, "side by side, a few pixels apart");
            assertTrue(fromRight.ys()[1] > fromLeft.ys()[1], "the one from the right nearer, in front");
            assertTrue(fromLeft.xs()[3] < 0 && fromRight.xs()[3] > 768, "each leaves by the side it came from");
            double meet = fromLeft.times()[1];
            assertTrue(fromLeft.facingRight(meet - 1) && !fromLeft.facingRight(fromLeft.times()[2] + 0.5), "she turns round");
            assertTrue(!fromRight.facingRight(meet - 1) && fromRight.facingRight(fromRight.times()[2] + 0.5));
            assertTrue(fromLeft.identity() != fromRight.identity() && fromLeft.clip() != fromRight.clip(), "two people");
        }
        assertEquals(4, pairs, "four turn-backs");
    }

    @Test
    void theSameSeedWritesTheSameScript() {
        SceneScript one = writer.write(11, 2, ScriptWriter.LADDER.get(2), 600);
        SceneScript two = writer.write(11, 2, ScriptWriter.LADDER.get(2), 600);
        assertEquals(one.appearances().size(), two.appearances().size());
        for (int i = 0; i < one.appearances().size(); i++) {
            assertEquals(java.util.Arrays.toString(one.appearances().get(i).times()),
                    java.util.Arrays.toString(two.appearances().get(i).times()));
            assertEquals(java.util.Arrays.toString(one.appearances().get(i).xs()),
                    java.util.Arrays.toString(two.appearances().get(i).xs()));
        }
    }
}
