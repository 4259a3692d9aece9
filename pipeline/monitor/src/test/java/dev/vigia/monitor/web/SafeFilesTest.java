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
        Path inside = Files.writeString(root.resolve("street-1700000000000-7.jpg"), "jpeg");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("street-1700000000000-8.jpg"), dir.resolve("secret.txt"));
        SafeFiles files = SafeFiles.snapshots(dir.resolve("snapshots"));

        assertEquals(Optional.of(inside.toRealPath()), files.resolve("street/street-1700000000000-7.jpg"));
        for (String escape : new String[] {"../secret.txt", "street/../../secret.txt", "/etc/passwd", "street\\..\\..\\secret.txt",
                "%2e%2e/secret.txt", "street/%2E%2E%2F%2E%2E%2Fsecret.txt", "..%2fsecret.txt", "street/street-1700000000000-8.jpg",
                "street", "street//street-1700000000000-7.jpg", "./street/street-1700000000000-7.jpg",
                "street/street-1700000000000-7.jpg\0"}) {
            assertTrue(files.resolve(escape).isEmpty(), escape);
        }
    }

    /** {@code recordings: {dir: .}} puts the clips beside the config: only Vigía's clips are served, never the config. */
    @Test
    void aClipFolderSharedWithTheUsersFilesServesOnlyClips(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("cameras.yaml"), "url: rtsp://admin:secret@cam/");
        Path ownVideo = Files.writeString(Files.createDirectories(dir.resolve("holiday")).resolve("beach.mp4"), "user's video");
        Path lookalike = Files.writeString(dir.resolve("holiday/holiday.mp4"), "user's video");
        Path clip = Files.writeString(Files.createDirectories(dir.resolve("door")).resolve("door-20261206-101500.mp4"), "mp4");
        Path second = Files.writeString(dir.resolve("door/door-20261206-101500-2.mp4"), "mp4");
        SafeFiles clips = SafeFiles.clips(dir);

        assertEquals(Optional.of(clip.toRealPath()), clips.resolve("door/door-20261206-101500.mp4"));
        assertEquals(Optional.of(second.toRealPath()), clips.resolve("door/door-20261206-101500-2.mp4"));
        for (Path userFile : new Path[] {config, ownVideo, lookalike}) {
            String relative = dir.relativize(userFile).toString();
            assertTrue(Files.isRegularFile(userFile) && clips.resolve(relative).isEmpty(), relative);
        }
        assertTrue(clips.resolve("door/yard-20261206-101500.mp4").isEmpty(), "a clip of another camera's name in door's folder");
        assertTrue(SafeFiles.snapshots(dir).resolve("door/door-20261206-101500.mp4").isEmpty(), "snapshots serve no clips");
    }
}
