package dev.vigia.pipeline.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentTracksTest {

    @Test
    void tracksNotSeenForLongerThanTheLimitRetireOldestFirstAndOnlyOnce() {
        RecentTracks<StringBuilder> recent = new RecentTracks<>(3);
        List<String> retired = new ArrayList<>();
        recent.seen(1, 0, StringBuilder::new).append('a');
        recent.seen(2, 1, StringBuilder::new).append('b');
        recent.seen(1, 2, StringBuilder::new).append('c');
        recent.retireBefore(4, (id, v) -> retired.add(id + ":" + v));
        assertEquals(List.of(), retired, "track 2 was seen 3 frames ago: still recent");
        recent.retireBefore(5, (id, v) -> retired.add(id + ":" + v));
        assertEquals(List.of("2:b"), retired);
        recent.retireBefore(6, (id, v) -> retired.add(id + ":" + v));
        assertEquals(List.of("2:b", "1:ac"), retired, "the same state object followed track 1 across frames");
        assertEquals(0, recent.size());
        recent.seen(2, 7, StringBuilder::new).append('d');
        recent.retireAll((id, v) -> retired.add(id + ":" + v));
        assertEquals(List.of("2:b", "1:ac", "2:d"), retired, "a track seen again after retiring starts over");
    }
}
