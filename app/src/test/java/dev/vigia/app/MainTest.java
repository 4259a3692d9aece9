package dev.vigia.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"--help"}, {"detect", "--help"}, {"models", "--help"},
                {"models", "import", "--help"}, {"samples", "pull", "--help"}, {"bench", "detect", "--help"}}) {
            CliRun run = CliRun.of(command);
            assertEquals(0, run.exitCode(), String.join(" ", command));
            assertTrue(run.out().startsWith("Usage: vigia"), run.out());
        }
    }

    @Test
    void unknownSubcommandIsOneLineUserError() throws Exception {
        CliRun run = CliRun.inChild("fly");
        assertTrue(run.isOneLineUserError(), run.err());
    }

    @Test
    void samplesPullListsTheMedia() {
        CliRun run = CliRun.of("samples", "pull");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("dog.jpg") && run.out().contains("vtest.avi"), run.out());
    }
}
