package dev.vigia.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stages sleep until the frame they need is ready, whether capture or an earlier stage is the
 * one it waits for. The Disruptor's BlockingWaitStrategy blocks only on capture and busy-spins on
 * an earlier stage, so every stage behind a slow detector would spin, and on two cores that
 * takes CPU from inference. Here a stage that finishes a frame publishes its progress and wakes
 * the waiters ({@link StageHandler} does both); the timed wait is only a safety net.
 */
final class StageWaitStrategy implements WaitStrategy {

    private static final int SPINS = 64;
    private static final long SAFETY_NET_MILLIS = 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        long available;
        int spins = SPINS;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (spins-- > 0) {
                Thread.onSpinWait();
                continue;
            }
            lock.lock();
            try {
                if (dependentSequence.get() < sequence) {
                    barrier.checkAlert();
                    progressed.await(SAFETY_NET_MILLIS, TimeUnit.MILLISECONDS);
                }
            } finally {
                lock.unlock();
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        lock.lock();
        try {
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
