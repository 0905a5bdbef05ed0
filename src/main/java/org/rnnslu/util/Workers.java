package org.rnnslu.util;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of worker threads for data-parallel training and evaluation. Work is always split
 * the same way for a given thread count, and a part's result depends only on its index (each part
 * has its own workspace), so results are deterministic for that count. Part p is meant for thread
 * p mod T, the caller being thread 0; but each part is claimed (compare-and-set) by whoever gets to
 * it first, and the caller, its own parts done, takes any part its thread has not started: a helper
 * whose core is busy with another program (or whose VM core was descheduled) costs no wait, the run
 * is just as fast as on fewer threads. With one thread everything runs inline on the caller.
 *
 * <p>Hand-over without the scheduler: a mini-batch step hands work over twice per batch, every
 * millisecond or so, and waking a parked thread (and being woken) costs tens of microseconds on a
 * VM. So an idle helper spins on a volatile field (the posted run) for {@link #SPIN_NANOS} before it
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
    /** The latest run posted (null before the first): what a helper reads when it wakes. */
    private volatile Run posted;
    private volatile boolean closed;

    /**
     * One call of {@link #run}, its state its own: a helper that comes late only ever sees the run
     * it read, whose parts are all claimed by then, so it cannot touch a newer run's parts.
     */
    private static final class Run {
        final IntConsumer task;
        final int parts;
        final AtomicIntegerArray claimed;   // 1 once a thread has taken the part
        final AtomicInteger unfinished;      // parts not yet ended
        final Throwable[] failures;

        Run(IntConsumer task, int parts) {
            this.task = task;
            this.parts = parts;
            this.claimed = new AtomicIntegerArray(parts);
            this.unfinished = new AtomicInteger(parts);
            this.failures = new Throwable[parts];
        }

        /** Runs part p if this thread is the first to claim it. */
        void runIfClaimed(int p) {
            if (!claimed.compareAndSet(p, 0, 1)) {
                return;
            }
            try {
                task.accept(p);
            } catch (Throwable e) {
                failures[p] = e;
            }
            unfinished.decrementAndGet(); // publishes the part's writes (and failure) to the caller
        }
    }

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
     * thread 0 being the caller, unless that thread has not started it when the caller is done with
     * its own (then on the caller). task(p) must depend on p only, not on the thread. If parts throw,
     * the lowest part's exception is rethrown (after all parts have ended).
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
        Run run = new Run(task, parts);
        posted = run; // publishes the run and everything the caller wrote before it
        for (Helper h : helpers) {
            if (h.parked) {
                LockSupport.unpark(h);
            }
        }
        for (int p = 0; p < parts; p += threads) { // the caller's own parts
            run.runIfClaimed(p);
        }
        for (int p = 0; p < parts; p++) { // then any part its thread has not started
            run.runIfClaimed(p);
        }
        awaitParts(run);
        rethrowFirstFailure(run);
    }

    private static void awaitParts(Run run) {
        long start = System.nanoTime();
        int spins = 0;
        while (run.unfinished.get() != 0) {
            if ((++spins & 63) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                Thread.yield(); // a helper may have lost its core mid-part: let it have this one
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Rethrows the lowest part's failure of the run just ended. */
    private static void rethrowFirstFailure(Run run) {
        Throwable first = null;
        for (int p = 0; p < run.parts && first == null; p++) {
            first = run.failures[p];
        }
        if (first != null) {
            throw rethrow(first);
        }
    }

    /**
     * Throws what another thread threw, unchanged if unchecked, a checked one wrapped in an
     * IllegalStateException (declared as returned so callers can write {@code throw rethrow(e)}).
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException(t);
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

    /** Worker thread t (1 .. T−1): waits for each new run and runs the parts of it it claims first. */
    private final class Helper extends Thread {
        private final int t;
        volatile boolean parked;

        Helper(int t) {
            super("rnnslu-worker-" + t);
            this.t = t;
            setDaemon(true);
        }

        @Override
        public void run() {
            Run seen = null;
            while (true) {
                Run run = awaitRun(seen);
                if (run == null) {
                    return;
                }
                seen = run;
                for (int p = t; p < run.parts; p += threads) {
                    run.runIfClaimed(p);
                }
            }
        }

        /** The next run after {@code seen}, or null once closed: spins, then parks. */
        private Run awaitRun(Run seen) {
            long start = System.nanoTime();
            int spins = 0;
            while (true) {
                Run run = posted;
                if (run != seen) {
                    return run;
                }
                if (closed) {
                    return null;
                }
                if ((++spins & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true; // then re-check: run() unparks a helper it sees parked after posting
                if (posted == seen && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}
