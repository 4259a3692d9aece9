package dev.vigia.monitor.events;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's mosquitto, started for a test on a free loopback port ({@code .ci/run} installs it). */
public final class MosquittoBroker implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final int port;
    private final Process process;

    public MosquittoBroker(Path workDir) throws IOException, InterruptedException {
        this(workDir, freePort());
    }

    /** A broker on {@code port}: tests that take a broker away and bring it back use the same port. */
    public MosquittoBroker(Path workDir, int port) throws IOException, InterruptedException {
        this.port = port;
        Path config = workDir.resolve("mosquitto.conf");
        // mosquitto queues at most 1000 QoS 1 messages for a subscriber and drops the rest: a test that
        // sends a whole offline buffer at once needs room for more.
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 10000\n");
        this.process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IOException("mosquitto did not listen on port " + port + "; see " + workDir.resolve("mosquitto.log"));
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
