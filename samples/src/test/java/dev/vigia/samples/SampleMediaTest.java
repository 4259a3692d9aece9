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
}
