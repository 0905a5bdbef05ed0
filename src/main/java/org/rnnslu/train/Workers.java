package org.rnnslu.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * A fixed set of worker threads for data-parallel training and evaluation. Work is always split
 * the same way for a given thread count, so results are deterministic for that count. With one
 * thread everything runs inline on the caller.
 */
public final class Workers implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    public Workers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> { // the caller is one
            Thread t = new Thread(r, "rnnslu-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs task(0) .. task(parts−1), at most {@link #threads()} at once, and waits for all of them.
     * Part 0 runs on the calling thread (it would only wait otherwise, and a hand-over to a pool
     * thread costs tens of microseconds), the others on the pool.
     */
    public void run(int parts, IntConsumer task) {
        if (pool == null || parts == 1) {
            for (int p = 0; p < parts; p++) {
                task.accept(p);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int part = p;
            futures.add(pool.submit(() -> task.accept(part)));
        }
        RuntimeException first = null;
        try {
            task.accept(0);
        } catch (RuntimeException e) {
            first = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (first != null) {
                    continue; // the caller's own failure is reported; the others were waited for
                }
                if (c instanceof RuntimeException) {
                    throw (RuntimeException) c;
                }
                if (c instanceof Error) {
                    throw (Error) c;
                }
                throw new IllegalStateException(c);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The start of part p when n items are split into parts contiguous, near-equal ranges. */
    public static int split(int n, int parts, int p) {
        return (int) ((long) n * p / parts);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
