package org.rnnslu.model;

import org.rnnslu.kernels.Kernels;

/**
 * The tutorial's update: θ ← θ − lr·dθ for all seven parameters (nine for the joint model) (Theano's {@code updates=}), then
 * {@code normalize}: every embedding row rescaled to unit L2 norm.
 *
 * <p>Only the rows a sentence used change in an update, and every other row is already unit-norm
 * after the first normalisation, so after the first step only the touched rows are renormalised.
 * {@code SgdTest} checks this gives the same parameters as renormalising every row.
 */
public final class Sgd {

    private Sgd() {}

    /**
     * One step.
     *
     * @param normalizeAllRows true for the first step of a run (initial rows are not unit-norm)
     */
    public static void update(Kernels k, Params p, Gradients g, float lr, boolean normalizeAllRows) {
        k.axpy(-lr, g.dWx, 0, p.wx, 0, p.wx.length);
        k.axpy(-lr, g.dWh, 0, p.wh, 0, p.wh.length);
        k.axpy(-lr, g.dW, 0, p.w, 0, p.w.length);
        k.axpy(-lr, g.dBh, 0, p.bh, 0, p.bh.length);
        k.axpy(-lr, g.dB, 0, p.b, 0, p.b.length);
        k.axpy(-lr, g.dH0, 0, p.h0, 0, p.h0.length);
        k.axpy(-lr, g.dWi, 0, p.wi, 0, p.wi.length); // the joint model's intent head (empty otherwise)
        k.axpy(-lr, g.dBi, 0, p.bi, 0, p.bi.length);
        int de = p.dims.de();
        for (int i = 0; i < g.touchedCount; i++) {
            int row = g.touchedRows[i];
            k.axpy(-lr, g.dEmbeddings, row * de, p.embeddings, row * de, de);
            if (!normalizeAllRows) {
                k.normalize(p.embeddings, row * de, de);
            }
        }
        if (normalizeAllRows) {
            normalizeAll(k, p);
        }
    }

    /** The normalisation after a step whose updates went straight into p (see {@link Gradients#sgdInto}). */
    public static void normalizeTouched(Kernels k, Params p, Gradients touched, boolean allRows) {
        if (allRows) {
            normalizeAll(k, p);
            return;
        }
        int de = p.dims.de();
        for (int i = 0; i < touched.touchedCount; i++) {
            int row = touched.touchedRows[i];
            k.normalize(p.embeddings, row * de, de);
        }
    }

    /** Every embedding row to unit L2 norm (the tutorial's {@code normalize}). */
    public static void normalizeAll(Kernels k, Params p) {
        int de = p.dims.de();
        for (int row = 0; row <= p.dims.ne(); row++) {
            k.normalize(p.embeddings, row * de, de);
        }
    }
}
