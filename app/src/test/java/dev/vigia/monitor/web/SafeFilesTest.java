package dev.vigia.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeFilesTest {

    @Test
    void servesFilesInsideAndNothingOutside(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("snapshots/street"));
        Path inside = Files.writeString(root.resolve("a.jpg"), "jpeg");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link.jpg"), dir.resolve("secret.txt"));
        SafeFiles files = new SafeFiles(dir.resolve("snapshots"));

        assertEquals(Optional.of(inside.toRealPath()), files.resolve("street/a.jpg"));
        for (String escape : new String[] {"../secret.txt", "street/../../secret.txt", "/etc/passwd", "street\\..\\..\\secret.txt",
                "%2e%2e/secret.txt", "street/%2E%2E%2F%2E%2E%2Fsecret.txt", "..%2fsecret.txt", "street/link.jpg", "street",
                "street//a.jpg", "./street/a.jpg", "street/a.jpg\0"}) {
            assertTrue(files.resolve(escape).isEmpty(), escape);
        }
    }
}
