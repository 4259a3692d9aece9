package dev.vigia.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    @Test
    void theTokenIsTheFilesOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  s3cret-Token\n");
        assertEquals("s3cret-Token", TokenFile.read(file));
    }

    @Test
    void aMissingEmptyManyLinedOrHugeFileIsASettingError(@TempDir Path dir) throws Exception {
        Path[] wrong = {dir.resolve("missing"), Files.writeString(dir.resolve("empty"), "\n"),
            Files.writeString(dir.resolve("lines"), "one\ntwo\n"), Files.writeString(dir.resolve("huge"), "x".repeat(5000))};
        for (Path file : wrong) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> TokenFile.read(file), file.toString());
            assertEquals("token-file", e.setting());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }
}
