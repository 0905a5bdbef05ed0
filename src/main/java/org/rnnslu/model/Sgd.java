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
        for (Param q : Gradients.DENSE) { // the ones a network does not have are empty
            float[] theta = p.get(q);
            k.axpy(-lr, g.get(q), 0, theta, 0, theta.length);
        }
        stepEmbeddingRows(k, p, g, lr, normalizeAllRows);
    }

    /**
     * The data-parallel step θ −= lr·Σ_w g_w for the dense parameters, on share {@code part} of
     * {@code parts} of each: data-parallel workers each sum and apply their own share at the same
     * time (call it with part = 0 .. parts−1). Every element sums g_0 + g_1 + ... in worker order, so
     * the bits depend only on the number of workers. g[0] is left holding the sum on the share.
     */
    public static void updateDenseShare(Kernels k, Params p, Gradients[] g, float lr, int part, int parts) {
        for (Param q : Gradients.DENSE) {
            float[] theta = p.get(q);
            float[] sum = g[0].get(q);
            int from = share(theta.length, parts, part);
            int len = share(theta.length, parts, part + 1) - from;
            for (int w = 1; w < g.length; w++) {
                k.axpy(1f, g[w].get(q), from, sum, from, len);
            }
            k.axpy(-lr, sum, from, theta, from, len);
        }
    }

    /**
     * The embedding rows of the data-parallel step (after {@link #updateDenseShare}): every row any
     * worker touched gets θ −= lr·Σ_w g_w (summed in worker order into g[0]), then the
     * normalisation. g[0]'s touched rows become the union.
     */
    public static void updateEmbeddingsFromShares(Kernels k, Params p, Gradients[] g, float lr, boolean normalizeAllRows) {
        for (int w = 1; w < g.length; w++) {
            g[0].addEmbeddingRowsFrom(k, g[w]);
        }
        stepEmbeddingRows(k, p, g[0], lr, normalizeAllRows);
    }

    /** θ −= lr·g on the rows g touched, then unit norm: those rows, or all of them on the first step. */
    private static void stepEmbeddingRows(Kernels k, Params p, Gradients g, float lr, boolean normalizeAllRows) {
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

    /** The start of share part of n elements cut into parts, at a multiple of 64 (so the vector
     * body and scalar tail of a kernel split the same way for every share but the last). */
    private static int share(int n, int parts, int part) {
        if (part >= parts) {
            return n;
        }
        return Math.min(n, (int) ((long) n * part / parts) / 64 * 64);
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
