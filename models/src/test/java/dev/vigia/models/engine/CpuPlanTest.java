package dev.vigia.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuPlanTest {

    @Test
    void twoCpusGiveOneToInferenceAndOneToTheRest() {
        CpuPlan plan = CpuPlan.split(cpus(0, 1));
        assertEquals(cpus(0), plan.inference());
        assertEquals(cpus(1), plan.rest());
    }

    @Test
    void theRestGetsTheLastQuarterOfTheAllowedCpus() {
        CpuPlan four = CpuPlan.split(cpus(0, 1, 2, 3));
        assertEquals(cpus(0, 1, 2), four.inference());
        assertEquals(cpus(3), four.rest());
        // As a container's cpuset may give them: not from 0, with gaps.
        CpuPlan eight = CpuPlan.split(cpus(2, 3, 5, 7, 8, 9, 10, 11));
        assertEquals(cpus(2, 3, 5, 7, 8, 9), eight.inference());
        assertEquals(cpus(10, 11), eight.rest());
    }

    @Test
    void oneCpuIsNotSplit() {
        assertFalse(CpuPlan.split(cpus(3)).pins());
        assertFalse(CpuPlan.split(new BitSet()).pins());
    }

    @Test
    void overlappingSetsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CpuPlan(cpus(0, 1), cpus(1)));
        assertThrows(IllegalArgumentException.class, () -> new CpuPlan(cpus(0), new BitSet()));
    }

    @Test
    void listsCpusTheWayLinuxDoes() {
        assertEquals("0-2,5,7-8", CpuPlan.cpuList(cpus(0, 1, 2, 5, 7, 8)));
        assertEquals("inference on CPUs 0, the rest on 1", CpuPlan.split(cpus(0, 1)).toString());
    }

    /** What the kernel says about the calling thread, read apart from the code under test. */
    private static String kernelCpuList() throws Exception {
        return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                .filter(line -> line.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                .substring("Cpus_allowed_list:".length()).trim();
    }

    @Test
    void aPinnedThreadAndTheThreadsItStartsRunOnlyOnTheirCpus() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/thread-self/status")), "Linux only");
        AtomicReference<String> pinned = new AtomicReference<>();
        AtomicReference<String> child = new AtomicReference<>();
        AtomicReference<String> before = new AtomicReference<>();
        AtomicReference<String> afterWork = new AtomicReference<>();
        AtomicReference<String> inWork = new AtomicReference<>();
        AtomicReference<CpuPlan> planSeen = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // A thread of its own, so no other test runs on a pinned thread.
        Thread probe = new Thread(() -> {
            try {
                before.set(kernelCpuList());
                CpuPlan plan = CpuPlan.forThisMachine();
                planSeen.set(plan);
                if (!plan.pins()) {
                    return;
                }
                inWork.set(plan.onRestCpus(() -> {
                    try {
                        return kernelCpuList();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
                afterWork.set(kernelCpuList());
                plan.pinToInference();
                pinned.set(kernelCpuList());
                Thread started = new Thread(() -> {
                    try {
                        child.set(kernelCpuList());
                    } catch (Exception e) {
                        failure.set(e);
                    }
                });
                started.start();
                started.join();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        probe.start();
        probe.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assumeTrue(planSeen.get().pins(), "this machine has one CPU (or no affinity): nothing to split");
        assertEquals(CpuPlan.cpuList(planSeen.get().rest()), inWork.get(), "while the work ran");
        assertEquals(before.get(), afterWork.get(), "the thread got its CPUs back");
        assertEquals(CpuPlan.cpuList(planSeen.get().inference()), pinned.get());
        assertEquals(pinned.get(), child.get(), "a thread started by a pinned thread inherits its CPUs");
    }

    private static BitSet cpus(int... ids) {
        BitSet set = new BitSet();
        for (int id : ids) {
            set.set(id);
        }
        return set;
    }
}
