package dev.vigia.monitor.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import dev.vigia.monitor.config.MonitorSetup;
import dev.vigia.monitor.storage.WriteFailures;
import dev.vigia.pipeline.sink.Mp4Writer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event clips of one camera. The camera's recent frames are kept as JPEG for {@code pre_capture}
 * seconds; when an object appears a clip starts with those frames, goes on while objects are
 * tracked and ends {@code post_capture} seconds after the last one is gone, so events that overlap
 * share one clip. A clip that reaches {@code max_clip_length} ends there and the next one goes on
 * from that frame (a parked car must not make one endless file). A clip's constant frame rate keeps
 * to the wall clock. Clips are MP4 written on a thread of their own (fragmented, so a killed process
 * leaves a playable file), then old clips are removed by age and total size.
 */
public final class ClipRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClipRecorder.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final int MAX_QUEUED_FRAMES = 600;
    /** The longest gap (a camera that froze) filled with copies of its last frame; a longer one is shortened in the clip. */
    private static final double LONGEST_FILLED_GAP_SECONDS = 10;

    private record Buffered(byte[] jpeg, long nanos) {}

    private final MonitorSetup.RecordingSetup setup;
    private final Path folder;
    private final String fileStem;
    private final Deque<Buffered> recent = new ArrayDeque<>();
    private final ExecutorService writer;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong droppedFrames = new AtomicLong();
    private final AtomicLong clipsWritten = new AtomicLong();
    private volatile WriteFailures failures;
    private volatile String camera;
    // Written on the writer thread only.
    private Mp4Writer mp4;
    private Path pendingFile;
    private double pendingFps;
    // Guarded by this.
    private Path current;
    private long lastActiveNanos;
    private long clipStartedNanos;
    private double clipFps;
    private long clipFrames;
    private boolean recording;

    public ClipRecorder(String fileStem, MonitorSetup.RecordingSetup setup) {
        this.setup = setup;
        this.fileStem = fileStem;
        this.folder = dev.vigia.monitor.storage.UnderRoot.resolve(setup.dir(), fileStem);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigia-clips-" + fileStem);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Objects are tracked (or not) on this frame; returns the clip that covers them, starting one
     * when none is being recorded, or null when nothing is.
     */
    public synchronized Path objectsActive(boolean active) {
        long now = System.nanoTime();
        if (active) {
            lastActiveNanos = now;
            if (!recording) {
                start(true, now);
            }
        }
        return recording ? current : null;
    }

    /** The path a clip has while it is recorded, relative to the recordings folder. */
    public String relative(Path clip) {
        return setup.dir().relativize(clip).toString().replace('\\', '/');
    }

    /** A new annotated frame of the camera. */
    public synchronized void frame(byte[] jpeg) {
        long now = System.nanoTime();
        recent.addLast(new Buffered(jpeg, now));
        while (!recent.isEmpty() && now - recent.peekFirst().nanos() > setup.preCapture().toNanos()) {
            recent.removeFirst();
        }
        if (!recording) {
            return;
        }
        if (now - lastActiveNanos > setup.postCapture().toNanos()) {
            recording = false;
            writer.execute(this::finish);
            return;
        }
        if (now - clipStartedNanos >= setup.maxClipLength().toNanos()) {
            writer.execute(this::finish);
            start(false, now);
        }
        enqueue(jpeg, now);
    }

    /** Starts a clip, with the pre-capture frames for a new event, without them when a long clip goes on in a new file. */
    private void start(boolean withPreCapture, long now) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            failed(e);
            recording = false;
            return;
        }
        String stamp = LocalDateTime.now().format(STAMP);
        Path file = folder.resolve(fileStem + "-" + stamp + ".mp4");
        for (int n = 2; Files.exists(file); n++) {
            file = folder.resolve(fileStem + "-" + stamp + "-" + n + ".mp4");
        }
        current = file;
        recording = true;
        // A clip's length counts its pre-capture frames too.
        clipStartedNanos = withPreCapture && !recent.isEmpty() ? recent.peekFirst().nanos() : now;
        clipFps = recentFps();
        clipFrames = 0;
        double fps = clipFps;
        Path target = file;
        writer.execute(() -> open(target, fps));
        if (withPreCapture) {
            for (Buffered frame : recent) {
                enqueue(frame.jpeg(), frame.nanos());
            }
        }
    }

    private double recentFps() {
        if (recent.size() < 2) {
            return 10;
        }
        double seconds = (recent.peekLast().nanos() - recent.peekFirst().nanos()) / 1e9;
        return seconds <= 0 ? 10 : Math.max(1, Math.min(60, (recent.size() - 1) / seconds));
    }

    /**
     * Puts a frame that arrived at {@code nanos} into the clip as often as the clip's constant rate
     * asks: frames reach the recorder at whatever rate detection leaves (slower than the camera when
     * the CPU is busy, in bursts), and an MP4 written at a fixed rate would play them faster than
     * they happened and make its one-second keyframe fragments span several seconds, all lost when
     * the process is killed. So a late frame is repeated up to its time and an early one is left out:
     * the clip's time is the wall clock's.
     */
    private void enqueue(byte[] jpeg, long nanos) {
        long due = (long) Math.floor((nanos - clipStartedNanos) / 1e9 * clipFps) + 1;
        long longestFill = Math.round(LONGEST_FILLED_GAP_SECONDS * clipFps);
        if (due - clipFrames > longestFill) {
            clipFrames = due - longestFill;
        }
        int copies = (int) (due - clipFrames);
        if (copies <= 0) {
            return;
        }
        clipFrames = due;
        if (queued.get() >= MAX_QUEUED_FRAMES) {
            droppedFrames.incrementAndGet();
            return;
        }
        queued.incrementAndGet();
        writer.execute(() -> write(jpeg, copies));
    }

    /** Runs on the writer thread, like everything that touches the MP4. */
    private void open(Path file, double fps) {
        pendingFile = file;
        pendingFps = fps;
    }

    /** Runs on the writer thread; the writer opens at the first frame, whose size it takes. */
    private void write(byte[] jpeg, int copies) {
        queued.decrementAndGet();
        try (Mat encoded = new Mat(1, jpeg.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1);
                Mat frame = new Mat()) {
            encoded.data().put(jpeg);
            imdecode(encoded, IMREAD_COLOR, frame);
            if (mp4 == null && pendingFile != null) {
                mp4 = new Mp4Writer(pendingFile, frame.cols(), frame.rows(), pendingFps);
            }
            for (int i = 0; i < copies && mp4 != null && frame.cols() > 0; i++) {
                mp4.write(frame);
            }
        } catch (Exception e) {
            failed(e);
        }
    }

    private void finish() {
        if (mp4 != null) {
            try {
                mp4.close();
                clipsWritten.incrementAndGet();
            } catch (RuntimeException e) {
                failed(e);
            }
            mp4 = null;
        }
        pendingFile = null;
        ClipRetention.sweep(setup.dir(), setup.retain(), setup.maxBytes());
    }

    /** Counts this camera's failed clip writes in {@code failures} (which reports them once a minute) instead of a log line each. */
    public void reportFailuresTo(WriteFailures failures, String camera) {
        this.failures = failures;
        this.camera = camera;
    }

    /** A clip folder that cannot be made, a frame or a clip end that cannot be written (a full disk). */
    private void failed(Exception e) {
        WriteFailures counter = failures;
        if (counter != null) {
            counter.record(WriteFailures.Kind.CLIP, camera, e);
        } else {
            LOG.warn("Clip {} of {}: {}", pendingFile, fileStem, e.toString());
        }
    }

    public long droppedFrames() {
        return droppedFrames.get();
    }

    public long clipsWritten() {
        return clipsWritten.get();
    }

    /** Finishes the clip being written. */
    @Override
    public void close() {
        synchronized (this) {
            if (recording) {
                recording = false;
                writer.execute(this::finish);
            }
        }
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
