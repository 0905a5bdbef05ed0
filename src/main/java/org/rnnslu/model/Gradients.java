package org.rnnslu.model;

import java.util.Arrays;

/**
 * Gradient buffers, one per parameter and of its shape, {@code d}-prefixed as in llm.c. The backward
 * pass accumulates into them with {@code +=}; {@link #zero()} clears them once per step.
 *
 * <p>The embedding gradient is dense in shape [ne+1, de] but only the rows a sentence used are
 * non-zero; they are listed in {@link #touchedRows}, so clearing and updating touch only them.
 *
 * <p>{@link #sgdInto(Params)} makes a Gradients whose arrays are the parameters themselves: the
 * backward pass, run with scale −lr, then adds −lr·dθ straight into θ. That is the SGD step with
 * each weight read and written once per sentence and no gradient buffer at all (the backward pass
 * orders its reads so no parameter is updated before its last use).
 */
public final class Gradients {

    public final Dims dims;
    public final float[] dEmbeddings; // [ne+1, de], non-zero only on touchedRows
    public final float[] dWx;         // [de*cs, nh]
    public final float[] dWh;         // [nh, nh]
    public final float[] dW;          // [readWidth, nc]
    public final float[] dBh;         // [nh]
    public final float[] dB;          // [nc]
    public final float[] dH0;         // [nh]
    public final float[] dWi;         // [readWidth, ni] (joint model)
    public final float[] dBi;         // [ni]
    public final float[] dWxb;        // [de*cs, nh] (bidirectional)
    public final float[] dWhb;        // [nh, nh]
    public final float[] dBhb;        // [nh]
    public final float[] dH0b;        // [nh]
    public final float[] dWs;         // [nc, nh] (Jordan, hybrid)
    public final float[] dS0;         // [nc]
    public final float[] dTrans;      // [nc, nc] (CRF output)
    public final float[] dStart;      // [nc]
    public final float[] dEnd;        // [nc]

    /** Distinct embedding rows used by the sentence, in first-use order; count in touchedCount. */
    public final int[] touchedRows;
    public int touchedCount;
    private final boolean[] isTouched;

    /** The buffers as a Params of the same shapes: the parameters themselves for {@link #sgdInto}. */
    private final Params arrays;
    /** True when the arrays are a Params' own (see {@link #sgdInto}). */
    private final boolean aliasesParams;

    /** Zeroed buffers of the parameters' shapes. */
    public Gradients(Dims d) {
        this(new Params(d), false);
    }

    /** Buffers that are {@code p}'s own arrays (aliasesParams), or zeroed ones of their shapes. */
    private Gradients(Params p, boolean aliasesParams) {
        this.dims = p.dims;
        this.arrays = p;
        this.dEmbeddings = p.embeddings;
        this.dWx = p.wx;
        this.dWh = p.wh;
        this.dW = p.w;
        this.dBh = p.bh;
        this.dB = p.b;
        this.dH0 = p.h0;
        this.dWi = p.wi;
        this.dBi = p.bi;
        this.dWxb = p.wxb;
        this.dWhb = p.whb;
        this.dBhb = p.bhb;
        this.dH0b = p.h0b;
        this.dWs = p.ws;
        this.dS0 = p.s0;
        this.dTrans = p.trans;
        this.dStart = p.start;
        this.dEnd = p.end;
        this.aliasesParams = aliasesParams;
        Dims d = p.dims;
        touchedRows = new int[d.ne() + 1];
        isTouched = new boolean[d.ne() + 1];
    }

    /** A sink that accumulates straight into {@code p}: backward with scale −lr is an SGD step. */
    public static Gradients sgdInto(Params p) {
        return new Gradients(p, true);
    }

    /** Forgets the touched rows without clearing anything (for a {@link #sgdInto} sink). */
    public void clearTouched() {
        for (int i = 0; i < touchedCount; i++) {
            isTouched[touchedRows[i]] = false;
        }
        touchedCount = 0;
    }

    /** Clears every gradient (the embedding one only on its touched rows). */
    public void zero() {
        if (aliasesParams) {
            throw new IllegalStateException("zero() on a Gradients that aliases the parameters");
        }
        int de = dims.de();
        for (int i = 0; i < touchedCount; i++) {
            int row = touchedRows[i];
            Arrays.fill(dEmbeddings, row * de, (row + 1) * de, 0f);
            isTouched[row] = false;
        }
        touchedCount = 0;
        for (Param p : DENSE) {
            Arrays.fill(get(p), 0f);
        }
    }

    /** this += other, for every parameter (embedding rows: the other's touched rows only). */
    public void addFrom(org.rnnslu.kernels.Kernels k, Gradients other) {
        for (Param p : DENSE) {
            float[] mine = get(p);
            k.axpy(1f, other.get(p), 0, mine, 0, mine.length);
        }
        addEmbeddingRowsFrom(k, other);
    }

    /** this += other on the embedding rows other touched (they become touched here too). */
    public void addEmbeddingRowsFrom(org.rnnslu.kernels.Kernels k, Gradients other) {
        int de = dims.de();
        for (int i = 0; i < other.touchedCount; i++) {
            int row = other.touchedRows[i];
            touch(row);
            k.axpy(1f, other.dEmbeddings, row * de, dEmbeddings, row * de, de);
        }
    }

    /** Records that embedding row {@code row} receives gradient. */
    void touch(int row) {
        if (!isTouched[row]) {
            isTouched[row] = true;
            touchedRows[touchedCount++] = row;
        }
    }

    /** The gradient of parameter {@code p} (empty when the network has none). */
    public float[] get(Param p) {
        return arrays.get(p);
    }

    /** The gradient named like its parameter ("embeddings", "wx", ...). */
    public float[] byName(String name) {
        return get(Param.named(name));
    }

    /**
     * Every parameter but the embeddings (whose gradient is dense in shape only, see
     * {@link #touchedRows}), in file order; the ones a network does not have are empty arrays. An
     * array, so the per-step loops over it allocate nothing.
     */
    static final Param[] DENSE = java.util.EnumSet.complementOf(java.util.EnumSet.of(Param.EMBEDDINGS))
            .toArray(new Param[0]);
}
