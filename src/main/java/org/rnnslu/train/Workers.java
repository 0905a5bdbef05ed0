package org.rnnslu.train;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of worker threads for data-parallel training and evaluation. Work is always split
 * the same way for a given thread count (part p runs on thread p mod T, the caller being thread 0),
 * so results are deterministic for that count. With one thread everything runs inline on the caller.
 *
 * <p>Hand-over without the scheduler: a mini-batch step hands work over twice per batch, every
 * millisecond or so, and waking a parked thread (and being woken) costs tens of microseconds on a
 * VM. So an idle helper spins on a volatile generation number for {@link #SPIN_NANOS} before it
 * parks, and the caller spins until the helpers' parts are done. Between batches the helpers
 * never park; when the work stops (an epoch's evaluation ends, the run ends) they park after
 * 0.2 ms and cost nothing.
 *
 * <p>{@link #run} is for one caller thread at a time.
 */
public final class Workers implements AutoCloseable {

    /** How long an idle helper spins for the next task before it parks (and the caller before it yields). */
    static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final Helper[] helpers; // threads 1 .. T-1

    // The posted task: written by the caller before its volatile write of `generation`, read by the
    // helpers after their volatile read of it.
    private IntConsumer task;
    private int parts;
    private Throwable[] failures = new Throwable[0];
    private volatile long generation;
    private volatile boolean closed;

    public Workers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.helpers = new Helper[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(i + 1);
            helpers[i].start();
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs task(0) .. task(parts−1) and waits for all of them: part p on thread p mod {@link #threads()},
     * thread 0 being the caller. If parts throw, the lowest part's exception is rethrown (after all
     * parts have ended).
     */
    public void run(int parts, IntConsumer task) {
        if (helpers.length == 0 || parts == 1) {
            for (int p = 0; p < parts; p++) {
                task.accept(p);
            }
            return;
        }
        if (closed) {
            throw new IllegalStateException("Workers used after close()");
        }
        if (failures.length < parts) {
            failures = new Throwable[parts];
        }
        this.task = task;
        this.parts = parts;
        long g = generation + 1;
        generation = g; // publishes task and parts
        for (Helper h : helpers) {
            if (h.parked) {
                LockSupport.unpark(h);
            }
        }
        runParts(0);
        awaitHelpers(g);
        this.task = null;
        rethrowFirstFailure();
    }

    /** The parts of thread t: t, t + T, t + 2T, ... */
    private void runParts(int t) {
        for (int p = t; p < parts; p += threads) {
            try {
                task.accept(p);
            } catch (Throwable e) {
                failures[p] = e;
            }
        }
    }

    private void awaitHelpers(long g) {
        long start = System.nanoTime();
        int spins = 0;
        for (Helper h : helpers) {
            while (h.done != g) {
                if ((++spins & 63) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                    Thread.yield(); // the helper may have lost its core: let it have this one
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Rethrows the lowest part's failure of the run just ended, clearing them all. */
    private void rethrowFirstFailure() {
        Throwable first = null;
        for (int p = 0; p < parts; p++) {
            if (first == null) {
                first = failures[p];
            }
            failures[p] = null;
        }
        if (first instanceof RuntimeException) {
            throw (RuntimeException) first;
        }
        if (first instanceof Error) {
            throw (Error) first;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
    }

    /** The start of part p when n items are split into parts contiguous, near-equal ranges. */
    public static int split(int n, int parts, int p) {
        return (int) ((long) n * p / parts);
    }

    @Override
    public void close() {
        closed = true;
        for (Helper h : helpers) {
            LockSupport.unpark(h);
        }
    }

    /** Worker thread t (1 .. T−1): waits for each new generation, runs its parts, reports it done. */
    private final class Helper extends Thread {
        private final int t;
        volatile boolean parked;
        volatile long done;

        Helper(int t) {
            super("rnnslu-worker-" + t);
            this.t = t;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long g = awaitGeneration(seen);
                if (g < 0) {
                    return;
                }
                runParts(t);
                seen = g;
                done = g; // publishes this thread's outputs and failures
            }
        }

        /** The next generation after {@code seen}, or −1 once closed: spins, then parks. */
        private long awaitGeneration(long seen) {
            long start = System.nanoTime();
            int spins = 0;
            while (true) {
                long g = generation;
                if (g != seen) {
                    return g;
                }
                if (closed) {
                    return -1;
                }
                if ((++spins & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true; // then re-check: run() unparks a helper it sees parked after posting
                if (generation == seen && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}
