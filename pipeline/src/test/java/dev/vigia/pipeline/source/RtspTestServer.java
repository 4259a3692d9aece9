package dev.vigia.pipeline.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's GStreamer RTSP server on 127.0.0.1, run by the system Python (which has {@code gi}).
 * Tests start, kill, freeze and thaw it.
 */
public final class RtspTestServer implements AutoCloseable {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private final int port;
    private final Path script;
    private final Path video;
    private Process process;
    private int width = 384;
    private int height = 288;

    public RtspTestServer(Path video, Path workDir) throws IOException {
        this.video = video;
        this.port = freePort();
        this.script = workDir.resolve("rtsp_server.py");
        try (var in = RtspTestServer.class.getResourceAsStream("rtsp_server.py")) {
            Files.copy(in, script);
        }
    }

    /** Whether this machine has what the server needs (Debian's python3-gi and gst-rtsp-server). */
    public static boolean available() {
        try {
            Process check = new ProcessBuilder(PYTHON.toString(), "-c",
                    "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer")
                    .redirectErrorStream(true).start();
            return check.waitFor(20, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public String url() {
        return "rtsp://127.0.0.1:" + port + "/test";
    }

    /** The frame size the next {@link #start()} serves (384 x 288 unless set): a camera that changes resolution. */
    public void serveAt(int frameWidth, int frameHeight) {
        this.width = frameWidth;
        this.height = frameHeight;
    }

    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(PYTHON.toString(), script.toString(), Integer.toString(port), video.toString(),
                Integer.toString(width), Integer.toString(height))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            throw new IOException("RTSP test server did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // Keep the pipe empty so the server never blocks on output.
                }
            } catch (IOException ignored) {
                // The server was killed.
            }
        }, "rtsp-server-output");
        drain.setDaemon(true);
        drain.start();
    }

    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            thaw();
            kill();
        }
    }
}
