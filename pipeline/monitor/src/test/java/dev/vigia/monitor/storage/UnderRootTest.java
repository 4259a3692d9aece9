package dev.vigia.monitor.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnderRootTest {

    @Test
    void plainNamesResolveUnderTheRoot(@TempDir Path dir) {
        assertEquals(dir.resolve("snapshots/street/street-1-2.jpg"), UnderRoot.resolve(dir.resolve("snapshots"), "street", "street-1-2.jpg"));
    }

    @Test
    void namesThatLeaveTheRootAreRefused(@TempDir Path dir) {
        Path root = dir.resolve("snapshots");
        for (String part : new String[] {"..", ".", "", "../../../x", "lobby/east", "a\\b", "a\0b", null}) {
            assertThrows(IllegalArgumentException.class, () -> UnderRoot.resolve(root, "street", part), String.valueOf(part));
        }
    }

    /** A link planted inside the root that points out of it is not followed to write outside. */
    @Test
    void aLinkOutOfTheRootIsRefused(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("snapshots"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("street"), outside);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnderRoot.resolve(root, "street", "a.jpg"));
        assertEquals(root.resolve("street/a.jpg") + " lies outside " + root, e.getMessage());
    }
}
