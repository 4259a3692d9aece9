package dev.vigia.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SampleMediaTest {

    @Test
    void pullsRealMediaFromDebianPackages() throws Exception {
        SampleMedia samples = SampleMedia.standard();
        Path dog = samples.file("dog.jpg");
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(dog), 3);
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, head, "a JPEG");
        Path video = samples.file("vtest.avi");
        assertArrayEquals("RIFF".getBytes(), java.util.Arrays.copyOf(Files.readAllBytes(video), 4), "an AVI");
        assertTrue(Files.size(video) > 1_000_000);
        assertTrue(samples.names().containsAll(java.util.List.of("Megamind_bugy.avi", "horses.jpg", "messi5.jpg")));
    }

    @Test
    void unknownSampleNamesTheKnownOnes() {
        UserError error = assertThrows(UserError.class, () -> SampleMedia.standard().file("cat.gif"));
        assertTrue(error.getMessage().contains("dog.jpg"), error.getMessage());
    }

    /**
     * Two first runs at once, each with its own SampleMedia (as two commands or two processes
     * have): they take turns under the pull lock, so the package is fetched once and neither
     * reads a half-written file. Before the fix each instance locked only itself and both
     * wrote the same temporary file.
     */
    @Test
    void twoFirstRunsAtOnceFetchOnceAndSeeWholeFiles(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        var darknetOnly = java.util.Map.of("darknet", SampleMedia.FILES.get("darknet"));
        int before = SampleMedia.DOWNLOADS.get();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.List<java.util.concurrent.Future<Path>> runs = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return new SampleMedia(root, darknetOnly).file("dog.jpg");
                }));
            }
            for (var run : runs) {
                Path dog = run.get();
                byte[] bytes = Files.readAllBytes(dog);
                assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD9}, java.util.Arrays.copyOfRange(bytes, bytes.length - 2, bytes.length),
                        "a whole JPEG, ending in its end-of-image marker");
            }
        } finally {
            pool.shutdownNow();
        }
        org.junit.jupiter.api.Assertions.assertEquals(1, SampleMedia.DOWNLOADS.get() - before, "the package was fetched once");
    }
}
