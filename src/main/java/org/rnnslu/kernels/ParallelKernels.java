package org.rnnslu.kernels;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Two cores on one sentence: a decorator that cuts each large product of a base {@link Kernels} in
 * two, runs one part on a helper thread and the other on the caller, and returns when both are
 * done. Products are cut by rows of the output, or by column ranges at the base's
 * {@link Kernels#columnAlign()}, so every output element is computed by the same base code from the
 * same data as in one whole call: results are bit-identical to the base kernels. Per-sentence SGD
 * ({@code --batch 1}) on two threads is therefore the same computation, to the bit, as on one.
 *
 * <p>Element-wise operations and small products run on the caller alone: handing work over costs
 * about a microsecond. The helper spins on a volatile sequence number while work comes often (it
 * comes every few microseconds during training) and parks after {@link #IDLE_NANOS} without any.
 * A part is claimed (compare-and-set) by whoever gets to it first: when the caller has finished its
 * own part and the helper has not yet started the other (its core is busy with another program),
 * the caller takes that part too. And when the helper, once started, keeps making the caller wait
 * (its core is shared: every wait is a scheduler slice, milliseconds), the caller stops handing work
 * over for a while ({@link #SOLO_CALLS} products) and then tries again. None of this changes a bit
 * of the results, only who computes them. Not thread-safe: one caller thread at a time. {@link #close()} stops the helper.
 */
public final class ParallelKernels implements Kernels, AutoCloseable {

    /** Products of fewer multiply-adds than this run on the caller alone. */
    static final long MIN_SPLIT_MACS = 16_000;
    /** The helper parks after this long without work (and the caller yields after this long waiting). */
    static final long IDLE_NANOS = 200_000;

    /** Products per check of the time spent waiting for the helper. */
    static final int CHECK_EVERY = 1024;
    /**
     * The share of a split product's time the caller may spend waiting for (or doing) the helper's
     * part before the helper is taken to be starved of its core: on an idle machine it is a few
     * percent to a third (the helper starts its part a little late), with the helper's core busy it is
     * 50% (the caller does both parts: no harm, one thread's speed) or, when the helper is preempted
     * in the middle of its part, close to 100%.
     */
    static final double MAX_WAIT_SHARE = 0.6;
    /** Products run on the caller alone after the helper was found starved. */
    static final int SOLO_CALLS = 50_000;

    private enum Op { MATMUL_ADD, TRANS_A_ADD, TRANS_B, VEC_MAT_ADD, MAT_VEC }

    private final Kernels base;
    private final Thread helper;

    // The helper's part of the posted call: written by the caller before the volatile write of
    // `posted`, read by the helper after its volatile read of it.
    private Op op;
    private float[] a;
    private float[] b;
    private float[] c;
    private int aOff;
    private int bOff;
    private int cOff;
    private int n;
    private int k;
    private int m;
    private int from;
    private int to;

    private long sequence;
    private int splitCalls;     // products handed over since the last check
    private long waitedNanos;   // time the caller spent waiting for the helper since then
    private long splitNanos;    // time from posting to the end of each of those products
    private long postedAt;
    private int soloLeft;       // products still to run on the caller alone
    private volatile long posted;
    private volatile long done;
    /** The last posted part someone has taken: the helper or, if it is late, the caller. */
    private final AtomicLong claimed = new AtomicLong();
    private volatile boolean parked;
    private volatile boolean closed;
    private volatile Throwable failure;

    public ParallelKernels(Kernels base) {
        this.base = base;
        this.helper = new Thread(this::helperLoop, "rnnslu-kernels-helper");
        helper.setDaemon(true);
        helper.start();
    }

    @Override
    public String name() {
        return base.name() + " x2 threads";
    }

    @Override
    public int columnAlign() {
        return base.columnAlign();
    }

    // ---- the split products ---------------------------------------------------------------------

    /** Rows of C: the caller takes [0, half), the helper [half, n). */
    @Override
    public void matmulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m) {
        int half = evenHalf(n);
        if ((long) n * k * m < MIN_SPLIT_MACS || half == 0 || solo()) {
            base.matmulAdd(a, aOff, b, bOff, c, cOff, n, k, m);
            return;
        }
        post(Op.MATMUL_ADD, a, aOff + half * k, b, bOff, c, cOff + half * m, n - half, k, m, 0, 0);
        try {
            base.matmulAdd(a, aOff, b, bOff, c, cOff, half, k, m);
        } finally {
            await(); // also when the caller's part threw: the helper is still using the arrays
        }
    }

    /** Columns of C: the caller takes [0, cut), the helper [cut, m). */
    @Override
    public void matmulTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m) {
        int cut = columnCut(m);
        if ((long) n * k * m < MIN_SPLIT_MACS || cut == 0 || solo()) {
            base.matmulTransAAdd(a, aOff, b, bOff, c, cOff, n, k, m);
            return;
        }
        post(Op.TRANS_A_ADD, a, aOff, b, bOff, c, cOff, n, k, m, cut, m);
        try {
            base.matmulTransAAddColumns(a, aOff, b, bOff, c, cOff, n, k, m, 0, cut);
        } finally {
            await(); // also when the caller's part threw: the helper is still using the arrays
        }
    }

    @Override
    public void matmulTransAAddColumns(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k,
                                       int m, int from, int to) {
        base.matmulTransAAddColumns(a, aOff, b, bOff, c, cOff, n, k, m, from, to);
    }

    /** Rows of C (or, for one row, rows of B at a multiple of 8): the caller the first part. */
    @Override
    public void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int m, int k) {
        if ((long) n * k * m < MIN_SPLIT_MACS || solo()) {
            base.matmulTransB(a, aOff, b, bOff, c, cOff, n, m, k);
            return;
        }
        int half = evenHalf(n);
        if (half > 0) {
            post(Op.TRANS_B, a, aOff + half * m, b, bOff, c, cOff + half * k, n - half, k, m, 0, 0);
            try {
                base.matmulTransB(a, aOff, b, bOff, c, cOff, half, m, k);
            } finally {
                await(); // also when the caller's part threw: the helper is still using the arrays
            }
        } else if (n == 1 && rowCut(k) > 0) {
            matVec(b, bOff, a, aOff, c, cOff, k, m); // one row of C = B·a
        } else {
            base.matmulTransB(a, aOff, b, bOff, c, cOff, n, m, k);
        }
    }

    /** Columns of y: the caller takes [0, cut), the helper [cut, m). */
    @Override
    public void vecMatAdd(float[] x, int xOff, float[] w, int wOff, float[] y, int yOff, int k, int m) {
        int cut = columnCut(m);
        if ((long) k * m < MIN_SPLIT_MACS || cut == 0 || solo()) {
            base.vecMatAdd(x, xOff, w, wOff, y, yOff, k, m);
            return;
        }
        post(Op.VEC_MAT_ADD, x, xOff, w, wOff, y, yOff, 0, k, m, cut, m);
        try {
            base.vecMatAddColumns(x, xOff, w, wOff, y, yOff, k, m, 0, cut);
        } finally {
            await(); // also when the caller's part threw: the helper is still using the arrays
        }
    }

    @Override
    public void vecMatAddColumns(float[] x, int xOff, float[] w, int wOff, float[] y, int yOff, int k, int m,
                                 int from, int to) {
        base.vecMatAddColumns(x, xOff, w, wOff, y, yOff, k, m, from, to);
    }

    /** Rows of W (entries of y) at a multiple of 8: the caller takes [0, cut), the helper [cut, k). */
    @Override
    public void matVec(float[] w, int wOff, float[] x, int xOff, float[] y, int yOff, int k, int m) {
        int cut = rowCut(k);
        if ((long) k * m < MIN_SPLIT_MACS || cut == 0 || solo()) {
            base.matVec(w, wOff, x, xOff, y, yOff, k, m);
            return;
        }
        post(Op.MAT_VEC, w, wOff + cut * m, x, xOff, y, yOff + cut, 0, k - cut, m, 0, 0);
        try {
            base.matVec(w, wOff, x, xOff, y, yOff, cut, m);
        } finally {
            await(); // also when the caller's part threw: the helper is still using the arrays
        }
    }

    /** True while products run on the caller alone (the helper was found starved of its core). */
    private boolean solo() {
        if (soloLeft > 0) {
            soloLeft--;
            return true;
        }
        return false;
    }

    /** An even row count near n/2 (even: the base may pair rows), or 0 when n is too small to cut. */
    private static int evenHalf(int n) {
        return n < 4 ? 0 : (n / 2) & ~1;
    }

    /**
     * A column near m/2 at a multiple of the base's alignment, or 0: ranges that start at such a
     * column split the base kernels into the same strips as the whole call.
     */
    private int columnCut(int m) {
        int align = base.columnAlign();
        int cut = (m / 2 + align / 2) / align * align;
        return cut > 0 && cut < m ? cut : 0;
    }

    /** A row near k/2 at a multiple of 8 leaving at least 8 rows on each side (the blocks of matmulTransB), or 0. */
    private static int rowCut(int k) {
        int cut = (k / 2 + 4) / 8 * 8;
        return cut >= 8 && k - cut >= 8 ? cut : 0;
    }

    // ---- hand-over ------------------------------------------------------------------------------

    private void post(Op op, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m,
                      int from, int to) {
        if (closed) {
            throw new IllegalStateException("ParallelKernels used after close()");
        }
        this.op = op;
        this.a = a;
        this.aOff = aOff;
        this.b = b;
        this.bOff = bOff;
        this.c = c;
        this.cOff = cOff;
        this.n = n;
        this.k = k;
        this.m = m;
        this.from = from;
        this.to = to;
        postedAt = System.nanoTime();
        posted = ++sequence; // publishes the fields above
        if (parked) {
            LockSupport.unpark(helper);
        }
    }

    /** Runs the posted part here if the helper has not claimed it, else waits for it; rethrows what it threw. */
    private void await() {
        long target = sequence;
        long start = System.nanoTime();
        if (claimed.compareAndSet(target - 1, target)) {
            runPart(); // the helper is late: do its part here (counted as waiting: it was not parallel)
        } else {
            int spins = 0;
            while (done != target) {
                if ((++spins & 255) == 0 && System.nanoTime() - start > IDLE_NANOS) {
                    Thread.yield(); // the helper may have lost its core: give it the CPU
                } else {
                    Thread.onSpinWait();
                }
            }
        }
        long end = System.nanoTime();
        waitedNanos += end - start;
        splitNanos += end - postedAt;
        if (++splitCalls == CHECK_EVERY) {
            if (waitedNanos > MAX_WAIT_SHARE * splitNanos) {
                soloLeft = SOLO_CALLS;
            }
            splitCalls = 0;
            waitedNanos = 0;
            splitNanos = 0;
        }
        Throwable t = failure;
        if (t != null) {
            failure = null;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException(t);
        }
    }

    private void helperLoop() {
        long seen = 0;
        while (true) {
            long start = System.nanoTime();
            int spins = 0;
            while (posted == seen) {
                if (closed) {
                    return;
                }
                if ((++spins & 255) == 0 && System.nanoTime() - start > IDLE_NANOS) {
                    parked = true;
                    if (posted == seen && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    start = System.nanoTime();
                } else {
                    Thread.onSpinWait();
                }
            }
            seen = posted;
            if (!claimed.compareAndSet(seen - 1, seen)) {
                continue; // the caller took this part itself
            }
            try {
                runPart();
            } catch (Throwable t) {
                failure = t;
            }
            done = seen;
        }
    }

    private void runPart() {
        switch (op) {
            case MATMUL_ADD: base.matmulAdd(a, aOff, b, bOff, c, cOff, n, k, m); break;
            case TRANS_A_ADD: base.matmulTransAAddColumns(a, aOff, b, bOff, c, cOff, n, k, m, from, to); break;
            case TRANS_B: base.matmulTransB(a, aOff, b, bOff, c, cOff, n, m, k); break;
            case VEC_MAT_ADD: base.vecMatAddColumns(a, aOff, b, bOff, c, cOff, k, m, from, to); break;
            case MAT_VEC: base.matVec(a, aOff, b, bOff, c, cOff, k, m); break;
            default: throw new IllegalStateException(String.valueOf(op));
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(helper);
    }

    // ---- the rest runs on the caller --------------------------------------------------------------

    @Override
    public float dot(float[] x, int xOff, float[] y, int yOff, int len) {
        return base.dot(x, xOff, y, yOff, len);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        base.axpy(alpha, x, xOff, y, yOff, len);
    }

    @Override
    public void scale(float alpha, float[] x, int xOff, int len) {
        base.scale(alpha, x, xOff, len);
    }

    @Override
    public void sigmoid(float[] x, int xOff, int len) {
        base.sigmoid(x, xOff, len);
    }

    @Override
    public void sigmoidBackward(float[] h, int hOff, float[] dh, int dhOff, float[] out, int outOff, int len) {
        base.sigmoidBackward(h, hOff, dh, dhOff, out, outOff, len);
    }

    @Override
    public void softmaxRows(float[] x, int xOff, int n, int m) {
        base.softmaxRows(x, xOff, n, m);
    }

    @Override
    public void addRowBias(float[] x, int xOff, float[] b, int bOff, int n, int m) {
        base.addRowBias(x, xOff, b, bOff, n, m);
    }

    @Override
    public void sumRowsAdd(float[] x, int xOff, float[] b, int bOff, int n, int m) {
        base.sumRowsAdd(x, xOff, b, bOff, n, m);
    }

    @Override
    public void normalize(float[] x, int xOff, int len) {
        base.normalize(x, xOff, len);
    }
}
