package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.kernels.Kernels;

/**
 * The forward pass of RNNSLU's Elman network over a pack of sentences (one, or a mini-batch laid
 * end to end, W words), restructured so that everything that does not depend on the recurrence
 * runs as one matrix product over all W words. Each line is a layer's {@code forward}, next to its
 * {@code backward} in the layer's class ({@link Embedding}, {@link ElmanRecurrence},
 * {@link ReverseRecurrence}, {@link JordanRecurrence}, {@link OutputLayer}, {@link IntentHead},
 * {@link Crf}):
 * <pre>
 *   idxs = contextwin(sentence, cs), per sentence          [W, cs]   (rows time-major, see Activations)
 *   x_t  = concat(emb[idxs[t, 0]], ..., emb[idxs[t, cs-1]])  [W, de*cs]
 *   x    = m ⊙ x / (1 − P), training with dropout only      [W, de*cs] (see Dropout)
 *   h̃    = mh ⊙ h / (1 − Ph), what p and q read, likewise   [W, nh]   (h_{t-1} → h_t reads h itself)
 *   a    = x · wx + bh                                    [W, nh]   (one matrix product)
 *   h_t  = sigmoid(a_t + h_{t-1} · wh),  h_{-1} = h0      [B, nh]   (the only sequential part: per step)
 *   p    = softmax(h · w + b)                             [W, nc]   (one matrix product)
 *   z    = h · w + b, kept for a CRF output layer          [W, nc]   (its emission scores, see Crf)
 *   q    = softmax(h_{n-1} · wi + bi), per sentence       [B, ni]   (the intent head, pool = last)
 *   q    = softmax(mean_t h_t · wi + bi), per sentence    [B, ni]   (the intent head, pool = mean)
 *   q    = softmax(max_t h_t · wi + bi), per sentence     [B, ni]   (the intent head, pool = max, per unit)
 * </pre>
 */
public final class Forward {

    private Forward() {}

    /** Runs words[0..n) forward, leaving idxs, x, h and p in {@code act}. */
    public static void forward(Kernels k, Params params, int[] words, int n, Activations act) {
        act.packOne(words, n);
        forwardPacked(k, params, act);
    }

    /** Runs the sentences already packed into {@code act} forward. */
    public static void forwardPacked(Kernels k, Params params, Activations act) {
        forwardPacked(k, params, act, null);
    }

    /**
     * Runs the pack forward, layer by layer (each one's backward twin is its class's
     * {@code backward}); with an {@link InputTable} of these parameters (inference), the input
     * projection is cs table rows a word instead of x · wx, and x is not formed.
     */
    public static void forwardPacked(Kernels k, Params params, Activations act, InputTable table) {
        forwardPacked(k, params, act, table, null);
    }

    /**
     * A training step's forward pass: as {@link #forwardPacked(Kernels, Params, Activations)}, with
     * x dropped by the masks drawn from their keys (null: nothing dropped, the same pass).
     */
    static void forwardTraining(Kernels k, Params params, Activations act, DropoutMasks masks) {
        forwardPacked(k, params, act, null, masks);
    }

    private static void forwardPacked(Kernels k, Params params, Activations act, InputTable table, DropoutMasks masks) {
        Dims d = params.dims;
        Embedding.windows(act, d.cs());                              // idxs   [W, cs]
        if (table == null) {
            Embedding.forward(params, act);                          // x      [W, de*cs]
        }
        if (masks != null && masks.dropsInput()) {
            masks.dropInput(act);                                    // x = m ⊙ x / (1 − P)   (training only)
        }
        act.hOut = act.h;                                            // what the output layer reads: h itself,
        act.hbOut = act.hb;                                          // unless dropped below
        if (d.feedsBackOutput()) {
            JordanRecurrence.forward(k, params, act, table);         // h, p   [W, nh], [W, nc], step by step
        } else {
            ElmanRecurrence.forward(k, params, act, table);          // h      [W, nh]
            if (d.bidirectional()) {
                ReverseRecurrence.forward(k, params, act, table);    // hb     [W, nh]
            }
            if (masks != null && masks.dropsHidden()) {
                masks.dropHidden(act);                               // h̃ = mh ⊙ h / (1 − Ph) (training only)
            }
            OutputLayer.forward(k, params, act);                     // p (z)  [W, nc]
        }
        if (d.hasIntentHead()) {
            IntentHead.forward(k, params, act);                      // q      [B, ni]
        }
    }

    /** y_pred[t] = argmax_c p[t, c] (the first maximum on ties, as numpy's argmax), for all W words. */
    public static void argmax(Activations act, int[] out) {
        int nc = act.dims.nc();
        for (int t = 0; t < act.words; t++) {
            out[t] = argmax(act.p, t * nc, nc, "label");
        }
    }

    /** argmax_c q[c] of the sentence at sorted position pos: the joint model's intent for it. */
    public static int intentArgmax(Activations act, int pos) {
        int ni = act.dims.ni();
        return argmax(act.q, pos * ni, ni, "intent");
    }

    /** argmax_c p[row, c]: the predicted label of one row of the pack. */
    public static int argmaxRow(Activations act, int row) {
        int nc = act.dims.nc();
        return argmax(act.p, row * nc, nc, "label");
    }

    /**
     * argmax_c Σ_t p_t[c] over the sentence at sorted position pos (= argmax of mean_t p_t): an intent
     * model's prediction with pool = mean. {@code sum} is scratch of nc floats.
     */
    public static int meanArgmax(Activations act, int pos, float[] sum) {
        int nc = act.dims.nc();
        Arrays.fill(sum, 0, nc, 0f);
        for (int t = 0; t < act.length[pos]; t++) {
            int row = act.row(pos, t) * nc;
            for (int c = 0; c < nc; c++) {
                sum[c] += act.p[row + c];
            }
        }
        return argmax(sum, 0, nc, "label");
    }

    /** The joint model's intent for a single-sentence pack. */
    public static int intentArgmax(Activations act) {
        return intentArgmax(act, 0);
    }

    /**
     * The first maximum of v[off, off + len). A softmax over scores holding NaN or +Inf is NaN in
     * every class, so a NaN at the answer is the one check needed.
     *
     * @throws NonFiniteScoresException if the scores are NaN
     */
    /**
     * out[rows, nOut] += in[rows, nIn] · w[nIn, nOut], one recurrence step of the sentences running
     * at it: a vector-matrix product for one sentence (the tutorial's batch 1), a GEMM for more.
     */
    static void stepProductAdd(Kernels k, float[] in, int inOff, float[] w, float[] out, int outOff,
                               int rows, int nIn, int nOut) {
        if (rows == 1) {
            k.vecMatAdd(in, inOff, w, 0, out, outOff, nIn, nOut);                  // [nIn]·[nIn, nOut]
        } else {
            k.matmulAdd(in, inOff, w, 0, out, outOff, rows, nIn, nOut);            // [rows, nIn]·[nIn, nOut]
        }
    }

    private static int argmax(float[] v, int off, int len, String what) {
        int best = 0;
        for (int c = 1; c < len; c++) {
            if (v[off + c] > v[off + best]) {
                best = c;
            }
        }
        if (Float.isNaN(v[off + best])) {
            throw new NonFiniteScoresException(what);
        }
        return best;
    }
}
