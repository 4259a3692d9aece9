package dev.vigia.models.engine;

import java.util.BitSet;
import java.util.function.Supplier;
import net.openhft.affinity.Affinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which CPUs run inference and which run everything else (capture, decoding, tracking, drawing,
 * encoding), on a CPU-only machine. Unpinned, TensorFlow splits each inference between two
 * threads, and an inference stalls whenever the encoder or a decoder takes the core of one of
 * them: on 2 cores the pipeline ran at 0.81-0.83 of the detector alone, and at 0.95-0.97 with the
 * plan (app/docs/tracking.md has the figures).
 *
 * <p>TensorFlow sizes its process-wide thread pools to the CPUs the thread that starts it may use,
 * and its threads inherit that set, so the plan is applied once, when the engine starts
 * ({@link TensorFlowEngine#get(CpuPlan)}); the pipeline then pins its own threads with
 * {@link #pinToInference()} and {@link #pinToRest()}. Threads a pinned thread starts (FFmpeg's
 * decoders, x264's encoder threads) inherit its set.
 *
 * @param inference the CPUs of inference, empty when nothing is pinned
 * @param rest the CPUs of the rest of the pipeline, empty when nothing is pinned
 */
public record CpuPlan(BitSet inference, BitSet rest) {

    private static final Logger LOG = LoggerFactory.getLogger(CpuPlan.class);

    /** Nothing pinned: the operating system places every thread. */
    public static final CpuPlan NONE = new CpuPlan(new BitSet(), new BitSet());

    public CpuPlan {
        inference = (BitSet) inference.clone();
        rest = (BitSet) rest.clone();
        if (inference.isEmpty() != rest.isEmpty() || inference.intersects(rest)) {
            throw new IllegalArgumentException("a CPU plan needs two disjoint sets, or none: " + inference + " and " + rest);
        }
    }

    @Override
    public BitSet inference() {
        return (BitSet) inference.clone();
    }

    @Override
    public BitSet rest() {
        return (BitSet) rest.clone();
    }

    /**
     * Splits {@code allowed} (the CPUs this process may use): the last quarter of them, at least
     * one, for the rest of the pipeline, the others for inference. Fewer than two CPUs: {@link #NONE}.
     * Measured on 2 cores only.
     */
    public static CpuPlan split(BitSet allowed) {
        int count = allowed.cardinality();
        if (count < 2) {
            return NONE;
        }
        int forRest = cpusForRest(count);
        BitSet inference = new BitSet();
        BitSet rest = new BitSet();
        int seen = 0;
        for (int cpu = allowed.nextSetBit(0); cpu >= 0; cpu = allowed.nextSetBit(cpu + 1)) {
            (seen++ < count - forRest ? inference : rest).set(cpu);
        }
        return new CpuPlan(inference, rest);
    }

    /** How many of {@code count} CPUs the rest of the pipeline gets: a quarter, at least one. */
    static int cpusForRest(int count) {
        return Math.max(1, count / 4);
    }

    /** The split of the CPUs the calling thread may use; {@link #NONE} where affinity is not available. */
    public static CpuPlan forThisMachine() {
        BitSet allowed = currentThreadCpus();
        return allowed.isEmpty() ? NONE : split(allowed);
    }

    /** The CPUs the calling thread may run on; empty where that cannot be read. */
    public static BitSet currentThreadCpus() {
        try {
            if (!Affinity.isJNAAvailable()) {
                return new BitSet();
            }
            BitSet cpus = Affinity.getAffinity();
            return cpus == null ? new BitSet() : cpus;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Thread affinity cannot be read here: {}", e.toString());
            return new BitSet();
        }
    }

    public boolean pins() {
        return !inference.isEmpty();
    }

    /** Restricts the calling thread to the inference CPUs (nothing happens without a plan). */
    public void pinToInference() {
        pin(inference);
    }

    /** Restricts the calling thread to the rest's CPUs (nothing happens without a plan). */
    public void pinToRest() {
        pin(rest);
    }

    /** Runs {@code work} on the calling thread restricted to the rest's CPUs, then gives the thread its CPUs back. */
    public <T> T onRestCpus(Supplier<T> work) {
        return on(rest, work);
    }

    /** Runs {@code work} on the calling thread restricted to the inference CPUs, then gives the thread its CPUs back. */
    <T> T onInferenceCpus(Supplier<T> work) {
        return on(inference, work);
    }

    private static <T> T on(BitSet cpus, Supplier<T> work) {
        if (cpus.isEmpty()) {
            return work.get();
        }
        BitSet before = currentThreadCpus();
        pin(cpus);
        try {
            return work.get();
        } finally {
            pin(before);
        }
    }

    private static void pin(BitSet cpus) {
        if (cpus.isEmpty()) {
            return;
        }
        try {
            Affinity.setAffinity(cpus);
        } catch (RuntimeException | LinkageError e) {
            // Pinning is an optimisation: a container that forbids it runs as before.
            LOG.debug("Cannot pin {} to CPUs {}: {}", Thread.currentThread().getName(), cpus, e.toString());
        }
    }

    @Override
    public String toString() {
        return pins() ? "inference on CPUs " + cpuList(inference) + ", the rest on " + cpuList(rest) : "no CPU pinning";
    }

    /** CPUs as Linux lists them ({@code 0-2,5}). */
    static String cpuList(BitSet cpus) {
        StringBuilder text = new StringBuilder();
        for (int from = cpus.nextSetBit(0); from >= 0; ) {
            int to = cpus.nextClearBit(from) - 1;
            text.append(text.isEmpty() ? "" : ",").append(from).append(from == to ? "" : "-" + to);
            from = cpus.nextSetBit(to + 1);
        }
        return text.toString();
    }
}
