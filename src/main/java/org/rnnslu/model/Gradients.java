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
    public final float[] dW;          // [nh, nc]
    public final float[] dBh;         // [nh]
    public final float[] dB;          // [nc]
    public final float[] dH0;         // [nh]
    public final float[] dWi;         // [nh, ni] (joint model)
    public final float[] dBi;         // [ni]

    /** Distinct embedding rows used by the sentence, in first-use order; count in touchedCount. */
    public final int[] touchedRows;
    public int touchedCount;
    private final boolean[] isTouched;

    /** True when the arrays are a Params' own (see {@link #sgdInto}). */
    private final boolean aliasesParams;

    public Gradients(Dims d) {
        this(d, new float[(d.ne() + 1) * d.de()], new float[d.inputDim() * d.nh()], new float[d.nh() * d.nh()],
                new float[d.nh() * d.nc()], new float[d.nh()], new float[d.nc()], new float[d.nh()],
                new float[d.nh() * d.ni()], new float[d.ni()], false);
    }

    private Gradients(Dims d, float[] dEmbeddings, float[] dWx, float[] dWh, float[] dW, float[] dBh, float[] dB,
                      float[] dH0, float[] dWi, float[] dBi, boolean aliasesParams) {
        this.dims = d;
        this.dEmbeddings = dEmbeddings;
        this.dWx = dWx;
        this.dWh = dWh;
        this.dW = dW;
        this.dBh = dBh;
        this.dB = dB;
        this.dH0 = dH0;
        this.dWi = dWi;
        this.dBi = dBi;
        this.aliasesParams = aliasesParams;
        touchedRows = new int[d.ne() + 1];
        isTouched = new boolean[d.ne() + 1];
    }

    /** A sink that accumulates straight into {@code p}: backward with scale −lr is an SGD step. */
    public static Gradients sgdInto(Params p) {
        return new Gradients(p.dims, p.embeddings, p.wx, p.wh, p.w, p.bh, p.b, p.h0, p.wi, p.bi, true);
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
            default: throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
    }
}
