package dev.vigia.app.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigia.app.CliRun;
import dev.vigia.samples.SampleMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code vigia track}'s threads run, as the kernel reports them in {@code /proc}: by default
 * TensorFlow's busiest thread on the inference CPUs and capture on the others; with explicit thread
 * counts, nothing pinned.
 */
class TrackCpuPlacementTest {

    @TempDir
    Path dir;

    /** One thread as the kernel sees it: name (15 characters at most), CPU time in ticks, allowed CPUs. */
    private record Task(String name, long ticks, String cpus) {}

    @Test
    void inferenceAndCaptureRunOnCpusOfTheirOwn() throws Exception {
        assumeTrue(allowedCpus().size() >= 2, "one CPU: nothing to split");
        assertPinned(tasksNearTheEnd(dir.resolve("pinned")));
    }

    @Test
    void anUpscalerLoadedBeforeTheDetectorLeavesThePlanToTheDetector() throws Exception {
        assumeTrue(allowedCpus().size() >= 2, "one CPU: nothing to split");
        assertPinned(tasksNearTheEnd(dir.resolve("upscaled"), "--sr-snapshots"));
    }

    private static void assertPinned(List<Task> threads) throws IOException {
        List<String> allowed = allowedCpus();
        // The last quarter of the CPUs, at least one, is the rest's; the others are inference's.
        int forRest = Math.max(1, allowed.size() / 4);
        String inference = String.join(",", allowed.subList(0, allowed.size() - forRest));
        String rest = String.join(",", allowed.subList(allowed.size() - forRest, allowed.size()));
        Task capture = named(threads, "vigia-capture-");
        Task busiest = threads.stream().max(java.util.Comparator.comparingLong(Task::ticks)).orElseThrow();
        assertEquals(rest, capture.cpus(), "capture: " + threads);
        assertEquals(inference, busiest.cpus(), "the busiest thread (TensorFlow's) : " + threads);
        assertEquals(rest, named(threads, "vigia-engine").cpus());
        // Frames are made into the model's input on the rest's CPUs, so inference's core only infers.
        Task prepare = named(threads, "vigia-prepare");
        assertEquals(rest, prepare.cpus(), "the preparer: " + threads);
        assertTrue(prepare.ticks() > 0, "the preparer did the preprocessing: " + threads);
    }

    @Test
    void explicitThreadCountsLeaveThreadsWhereTheSystemPutsThem() throws Exception {
        List<String> allowed = allowedCpus();
        assumeTrue(allowed.size() >= 2, "one CPU: nothing to split");
        List<Task> threads = tasksNearTheEnd(dir.resolve("unpinned"), "--inference-threads", "1,1");
        String all = String.join(",", allowed);
        assertEquals(all, named(threads, "vigia-capture-").cpus());
        Task busiest = threads.stream().max(java.util.Comparator.comparingLong(Task::ticks)).orElseThrow();
        assertEquals(all, busiest.cpus(), "the busiest thread: " + threads);
    }

    /** Runs {@code vigia track} on vtest.avi and returns the last look at its threads before it exits. */
    private List<Task> tasksNearTheEnd(Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("track", "--source", SampleMedia.standard().file("vtest.avi").toString(),
                "--max-frames", "120", "--out", out.toString()));
        args.addAll(List.of(extra));
        Process child = CliRun.childProcess(args.toArray(String[]::new)).redirectErrorStream(true)
                .redirectOutput(dir.resolve(out.getFileName() + ".log").toFile()).start();
        List<Task> last = List.of();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (child.isAlive() && System.nanoTime() < deadline) {
            List<Task> now = tasks(child.pid());
            if (now.stream().anyMatch(t -> t.name().startsWith("vigia-capture-"))) {
                last = now;
            }
            Thread.sleep(250);
        }
        assertEquals(true, child.waitFor(1, TimeUnit.MINUTES), "vigia track finished");
        assertEquals(0, child.exitValue(), Files.readString(dir.resolve(out.getFileName() + ".log")));
        assertEquals(120, Files.readAllLines(out.resolve("vtest.jsonl")).size());
        return last;
    }

    private static Task named(List<Task> threads, String prefix) {
        Task found = threads.stream().filter(t -> t.name().startsWith(prefix)).findFirst().orElse(null);
        assertNotNull(found, "a thread named " + prefix + "*: " + threads);
        return found;
    }

    private static List<Task> tasks(long pid) {
        List<Task> tasks = new ArrayList<>();
        try (Stream<Path> ids = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : ids.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the parenthesised name: state is 3rd, utime 14th, stime 15th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    tasks.add(new Task(name, ticks, expand(cpusAllowed(task.resolve("status")))));
                } catch (IOException | RuntimeException gone) {
                    // The thread ended between listing and reading.
                }
            }
        } catch (IOException processGone) {
            return List.of();
        }
        return tasks;
    }

    private static String cpusAllowed(Path status) throws IOException {
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("Cpus_allowed_list:")).findFirst()
                .orElseThrow().substring("Cpus_allowed_list:".length()).trim();
    }

    /** This test's own CPUs, one entry each. */
    private static List<String> allowedCpus() throws IOException {
        Path status = Path.of("/proc/self/status");
        assumeTrue(Files.isReadable(status), "Linux only");
        return List.of(expand(cpusAllowed(status)).split(","));
    }

    /** "0-2,5" as "0,1,2,5". */
    private static String expand(String list) {
        List<String> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(Integer.toString(cpu));
            }
        }
        return String.join(",", cpus);
    }
}
