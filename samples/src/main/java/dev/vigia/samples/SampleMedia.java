package dev.vigia.samples;

import dev.vigia.config.UserError;
import dev.vigia.config.VigiaHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real sample media, taken from Debian packages by name ({@code apt-get download}, unpacked
 * with {@code dpkg-deb} without installing): darknet's test images and network cfgs, OpenCV's sample videos
 * and photos. Nothing third-party is committed; everything lands in {@code $VIGIA_HOME/samples}.
 */
public final class SampleMedia {

    private static final Logger LOG = LoggerFactory.getLogger(SampleMedia.class);

    /** Files taken from each package, by their path inside it. */
    static final Map<String, List<String>> FILES = Map.of(
            "darknet", List.of(
                    "usr/share/darknet/data/dog.jpg",
                    "usr/share/darknet/data/horses.jpg",
                    "usr/share/darknet/data/person.jpg",
                    "usr/share/darknet/data/kite.jpg",
                    "usr/share/darknet/data/giraffe.jpg",
                    "usr/share/darknet/data/eagle.jpg",
                    "usr/share/darknet/data/scream.jpg",
                    "usr/share/darknet/data/coco.names",
                    "usr/share/darknet/cfg/yolov2-tiny.cfg",
                    "usr/share/darknet/cfg/yolov3-tiny.cfg",
                    "usr/share/darknet/cfg/yolov3.cfg"),
            "opencv-doc", List.of(
                    "usr/share/doc/opencv-doc/examples/data/vtest.avi",
                    "usr/share/doc/opencv-doc/examples/data/Megamind.avi",
                    "usr/share/doc/opencv-doc/examples/data/Megamind_bugy.avi",
                    "usr/share/doc/opencv-doc/examples/data/tree.avi",
                    "usr/share/doc/opencv-doc/examples/data/messi5.jpg",
                    "usr/share/doc/opencv-doc/examples/data/basketball1.png"));

    private final Path root;
    private final Map<String, List<String>> packages;

    public SampleMedia(Path root) {
        this(root, FILES);
    }

    /** Samples from the given packages only (tests pull the small one). */
    SampleMedia(Path root, Map<String, List<String>> packages) {
        this.root = root;
        this.packages = packages;
    }

    public static SampleMedia standard() {
        return new SampleMedia(VigiaHome.samples());
    }

    public Path root() {
        return root;
    }

    /** The path of a sample file by name (e.g. {@code dog.jpg}), pulling the samples first if needed. */
    public Path file(String name) {
        ensure();
        Path file = root.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new UserError("No sample named '" + name + "'; samples are: " + String.join(", ", names()));
        }
        return file;
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        packages.values().forEach(paths -> paths.forEach(p -> names.add(Path.of(p).getFileName().toString())));
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /** In-process side of the pull lock; the lock file stops other processes. */
    private static final Object PULL_LOCK = new Object();
    /** Packages this process has downloaded, so a test can see that two first runs fetched once. */
    static final java.util.concurrent.atomic.AtomicInteger DOWNLOADS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Pulls whichever package's files are missing; returns the samples folder. Two first runs at
     * once (threads or processes) pull one after the other under a lock file, and a file appears
     * under its name only once it is whole (copied to a unique temporary name, then renamed).
     */
    public Path ensure() {
        for (var entry : packages.entrySet()) {
            if (!complete(entry.getValue())) {
                pullUnderLock(entry.getKey(), entry.getValue());
            }
        }
        return root;
    }

    private boolean complete(List<String> paths) {
        return paths.stream().allMatch(p -> Files.isRegularFile(root.resolve(Path.of(p).getFileName().toString())));
    }

    private void pullUnderLock(String debianPackage, List<String> paths) {
        synchronized (PULL_LOCK) {
            try {
                Files.createDirectories(root);
                try (FileChannel channel = FileChannel.open(root.resolve(".pull.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                    // Another process may have pulled while this one waited.
                    if (!complete(paths)) {
                        pull(debianPackage, paths);
                    }
                }
            } catch (IOException e) {
                throw new UserError("Cannot write sample media into " + root + ": " + e.getMessage());
            }
        }
    }

    private void pull(String debianPackage, List<String> paths) {
        Path work = null;
        try {
            work = Files.createTempDirectory(root, ".pull-");
            LOG.info("Fetching sample media from Debian package '{}'", debianPackage);
            DOWNLOADS.incrementAndGet();
            Path deb = download(debianPackage, work);
            run(List.of("dpkg-deb", "-x", deb.toString(), work.resolve("unpacked").toString()), work,
                    "dpkg-deb could not unpack " + deb.getFileName());
            for (String path : paths) {
                Path source = work.resolve("unpacked").resolve(path);
                if (!Files.isRegularFile(source)) {
                    throw new UserError("Debian package '" + debianPackage + "' has no " + path + "; its layout changed");
                }
                Path target = root.resolve(source.getFileName().toString());
                Path partial = Files.createTempFile(root, "." + source.getFileName() + "-", ".part");
                Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UserError("Cannot write sample media into " + root + ": " + e.getMessage());
        } finally {
            deleteTree(work);
        }
    }

    private static Path download(String debianPackage, Path work) throws IOException {
        String failure = tryDownload(debianPackage, work);
        if (failure != null && failure.contains("Unable to locate package") && isRoot()) {
            LOG.info("Debian's package lists are empty; running apt-get update once");
            run(List.of("apt-get", "update", "-qq"), work, "apt-get update failed");
            failure = tryDownload(debianPackage, work);
        }
        if (failure != null) {
            throw new UserError("apt-get could not download the Debian package '" + debianPackage + "' (" + failure
                    + "); run 'apt-get update' and check the network, or give any image or video path instead");
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new UserError("apt-get download of '" + debianPackage + "' produced no .deb file"));
        }
    }

    /** Runs apt-get download; returns null on success or apt's last error line. */
    private static String tryDownload(String debianPackage, Path work) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder("apt-get", "download", "-qq", debianPackage)
                    .directory(work.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UserError("apt-get is not available here, so sample media cannot be fetched from Debian; "
                    + "give any image or video path instead");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (waitFor(process) == 0) {
            return null;
        }
        return output.lines().filter(l -> l.startsWith("E:")).reduce((a, b) -> b)
                .orElse(output.isBlank() ? "no output" : output.strip().lines().reduce((a, b) -> b).orElse(""));
    }

    private static void run(List<String> command, Path work, String failure) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UserError(command.get(0) + " is not available here (" + failure
                    + "); give any image or video path instead");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (waitFor(process) != 0) {
            throw new UserError(failure + ": " + output.strip().lines().reduce((a, b) -> b).orElse("no output"));
        }
    }

    private static int waitFor(Process process) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while fetching sample media", e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary folder is harmless and named with a leading dot.
        }
    }
}
