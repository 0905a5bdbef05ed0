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
    public final float[] dWs;         // [nc, nh] (Jordan)
    public final float[] dS0;         // [nc]
    public final float[] dTrans;      // [nc, nc] (CRF output)
    public final float[] dStart;      // [nc]
    public final float[] dEnd;        // [nc]

    /** Distinct embedding rows used by the sentence, in first-use order; count in touchedCount. */
    public final int[] touchedRows;
    public int touchedCount;
    private final boolean[] isTouched;

    /** True when the arrays are a Params' own (see {@link #sgdInto}). */
    private final boolean aliasesParams;

    /** Zeroed buffers of the parameters' shapes. */
    public Gradients(Dims d) {
        this(new Params(d), false);
    }

    /** Buffers that are {@code p}'s own arrays (aliasesParams), or zeroed ones of their shapes. */
    private Gradients(Params p, boolean aliasesParams) {
        this.dims = p.dims;
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
        Arrays.fill(dWx, 0f);
        Arrays.fill(dWh, 0f);
        Arrays.fill(dW, 0f);
        Arrays.fill(dBh, 0f);
        Arrays.fill(dB, 0f);
        Arrays.fill(dH0, 0f);
        Arrays.fill(dWi, 0f);
        Arrays.fill(dBi, 0f);
        Arrays.fill(dWxb, 0f);
        Arrays.fill(dWhb, 0f);
        Arrays.fill(dBhb, 0f);
        Arrays.fill(dH0b, 0f);
        Arrays.fill(dWs, 0f);
        Arrays.fill(dS0, 0f);
        Arrays.fill(dTrans, 0f);
        Arrays.fill(dStart, 0f);
        Arrays.fill(dEnd, 0f);
    }

    /** this += other, for every parameter (embedding rows: the other's touched rows only). */
    public void addFrom(org.rnnslu.kernels.Kernels k, Gradients other) {
        k.axpy(1f, other.dWx, 0, dWx, 0, dWx.length);
        k.axpy(1f, other.dWh, 0, dWh, 0, dWh.length);
        k.axpy(1f, other.dW, 0, dW, 0, dW.length);
        k.axpy(1f, other.dBh, 0, dBh, 0, dBh.length);
        k.axpy(1f, other.dB, 0, dB, 0, dB.length);
        k.axpy(1f, other.dH0, 0, dH0, 0, dH0.length);
        k.axpy(1f, other.dWi, 0, dWi, 0, dWi.length);
        k.axpy(1f, other.dBi, 0, dBi, 0, dBi.length);
        k.axpy(1f, other.dWxb, 0, dWxb, 0, dWxb.length);
        k.axpy(1f, other.dWhb, 0, dWhb, 0, dWhb.length);
        k.axpy(1f, other.dBhb, 0, dBhb, 0, dBhb.length);
        k.axpy(1f, other.dH0b, 0, dH0b, 0, dH0b.length);
        k.axpy(1f, other.dWs, 0, dWs, 0, dWs.length);
        k.axpy(1f, other.dS0, 0, dS0, 0, dS0.length);
        k.axpy(1f, other.dTrans, 0, dTrans, 0, dTrans.length);
        k.axpy(1f, other.dStart, 0, dStart, 0, dStart.length);
        k.axpy(1f, other.dEnd, 0, dEnd, 0, dEnd.length);
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

    /** The gradient named like its parameter ("embeddings", "wx", ...). */
    public float[] byName(String name) {
        switch (name) {
            case "embeddings": return dEmbeddings;
            case "wx": return dWx;
            case "wh": return dWh;
            case "w": return dW;
            case "bh": return dBh;
            case "b": return dB;
            case "h0": return dH0;
            case "wi": return dWi;
            case "bi": return dBi;
            case "wxb": return dWxb;
            case "whb": return dWhb;
            case "bhb": return dBhb;
            case "h0b": return dH0b;
            case "ws": return dWs;
            case "s0": return dS0;
            case "trans": return dTrans;
            case "start": return dStart;
            case "end": return dEnd;
            default: throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
    }
}
