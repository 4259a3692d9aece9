package dev.vigia.monitor.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

    private static ObjectEvent event(int track) {
        return new ObjectEvent("enter", null, "door-" + track, "door", track, "person", 0.8, 0.8, new float[] {0, 0, 1, 1},
                List.of(), List.of(), null, null, null, 1.0, 0, 2.0 + track, null, null, null, null);
    }

    @Test
    void aListenerThatFailsNeitherStopsTheOthersNorTheList() {
        RecentEvents recent = new RecentEvents(5);
        List<String> seen = new ArrayList<>();
        Consumer<ObjectNode> failing = json -> {
            throw new IllegalStateException("this viewer's response was recycled");
        };
        recent.listen(failing);
        recent.listen(json -> seen.add(json.get("id").asText()));
        recent.onEvent(event(1));
        recent.onEvent(event(2));
        assertEquals(List.of("door-1", "door-2"), seen);
        assertEquals(List.of("door-2", "door-1"), recent.matching(e -> true, 10).stream().map(ObjectEvent::id).toList());
    }
}
