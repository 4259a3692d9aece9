package dev.vigia.monitor.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EventViewerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The bus closes the connection as the viewer falls behind, but the viewer's thread may end the
     * answer before that close lands; it closes the connection as well, or Jetty would keep it
     * open for another request and the viewer would sit on a silent stream.
     */
    @Test
    void aViewerThatFallsBehindIsDisconnectedByItsOwnThreadToo() throws Exception {
        Set<String> closedBy = ConcurrentHashMap.newKeySet();
        EventViewer viewer = new EventViewer(2, 60_000, () -> closedBy.add(Thread.currentThread().getName()));
        CountDownLatch delivering = new CountDownLatch(1);
        Thread deliverer = new Thread(() -> {
            try {
                viewer.deliver(new ByteArrayOutputStream() {
                    @Override
                    public void flush() {
                        delivering.countDown();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "viewer");
        deliverer.start();
        delivering.await();
        for (int i = 0; i < 10; i++) {
            viewer.accept(JSON.createObjectNode().put("n", i));
        }
        deliverer.join(10_000);
        assertTrue(!deliverer.isAlive(), "the viewer's thread ended once it fell behind");
        assertTrue(closedBy.contains("viewer"), "the viewer's own thread closed the connection; closed by " + closedBy);
    }
}
