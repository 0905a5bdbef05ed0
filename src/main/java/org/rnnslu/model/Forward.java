package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.data.ContextWindows;
import org.rnnslu.kernels.Kernels;

/**
 * The forward pass of RNNSLU's Elman network over one sentence, restructured so that everything
 * that does not depend on the recurrence runs as whole-sentence matrix products:
 * <pre>
 *   idxs = contextwin(words, cs)                       [n, cs]
 *   x_t  = concat(emb[idxs[t, 0]], ..., emb[idxs[t, cs-1]])   [n, de*cs]
 *   a    = x · wx + bh                                  [n, nh]   (one matrix product)
 *   h_t  = sigmoid(a_t + h_{t-1} · wh),  h_{-1} = h0    [nh]      (the only sequential part)
 *   p    = softmax(h · w + b)                           [n, nc]   (one matrix product)
 *   q    = softmax(h_{n-1} · wi + bi)                   [ni]      (joint model: the intent head)
 * </pre>
 */
public final class Forward {

    private Forward() {}

    /** Runs words[0..n) forward, leaving idxs, x, h and p in {@code act}. */
    public static void forward(Kernels k, Params params, int[] words, int n, Activations act) {
        Dims d = params.dims;
        if (n < 1) {
            throw new IllegalArgumentException("a sentence needs at least one word");
        }
        act.ensureCapacity(n);
        act.n = n;
        ContextWindows.contextWindow(words, n, d.cs(), act.idxs);
        lookupWindows(params, act.idxs, n, act.x);
        inputProjection(k, params, act, n);
        recurrence(k, params, act, n);
        outputLayer(k, params, act, n);
        if (d.hasIntentHead()) {
            intentHead(k, params, act, n);
        }
    }

    /** q = softmax(h_{n-1} · wi + bi): the intent read from the last hidden state.   [ni] */
    private static void intentHead(Kernels k, Params params, Activations act, int n) {
        int ni = params.dims.ni();
        System.arraycopy(params.bi, 0, act.q, 0, ni);
        k.vecMatAdd(act.hs, act.hOffset(n - 1), params.wi, 0, act.q, 0, params.dims.nh(), ni);
        k.softmaxRows(act.q, 0, 1, ni);
    }

    /** argmax_c q[c]: the joint model's intent. */
    public static int intentArgmax(Activations act) {
        int best = 0;
        for (int c = 1; c < act.q.length; c++) {
            if (act.q[c] > act.q[best]) {
                best = c;
            }
        }
        return best;
    }

    /** x[t] = the cs embedding rows of window t, side by side; index -1 selects the padding row ne. */
    static void lookupWindows(Params params, int[] idxs, int n, float[] x) {
        Dims d = params.dims;
        int de = d.de();
        for (int i = 0; i < n * d.cs(); i++) {
            int row = idxs[i] < 0 ? d.padRow() : idxs[i];
            System.arraycopy(params.embeddings, row * de, x, i * de, de); // x viewed as [n*cs, de]
        }
    }

    /** hs[1..n] = x · wx + bh: every pre-activation's input part at once.   [n, nh] */
    private static void inputProjection(Kernels k, Params params, Activations act, int n) {
        Dims d = params.dims;
        int nh = d.nh();
        Arrays.fill(act.hs, nh, (n + 1) * nh, 0f);
        k.matmulAdd(act.x, 0, params.wx, 0, act.hs, nh, n, d.inputDim(), nh); // [n, de*cs]·[de*cs, nh]
        k.addRowBias(act.hs, nh, params.bh, 0, n, nh);
    }

    /** h_t = sigmoid(a_t + h_{t-1} · wh), in place over the pre-activations.   [nh] per step */
    private static void recurrence(Kernels k, Params params, Activations act, int n) {
        int nh = params.dims.nh();
        System.arraycopy(params.h0, 0, act.hs, 0, nh); // row 0 = h_{-1} = h0
        for (int t = 0; t < n; t++) {
            int prev = act.hOffset(t - 1);
            int cur = act.hOffset(t);
            k.vecMatAdd(act.hs, prev, params.wh, 0, act.hs, cur, nh, nh); // a_t += h_{t-1}·wh
            k.sigmoid(act.hs, cur, nh);
        }
    }

    /** p = softmax(h · w + b), row by row.   [n, nc] */
    private static void outputLayer(Kernels k, Params params, Activations act, int n) {
        Dims d = params.dims;
        int nc = d.nc();
        Arrays.fill(act.p, 0, n * nc, 0f);
        k.matmulAdd(act.hs, act.hOffset(0), params.w, 0, act.p, 0, n, d.nh(), nc); // [n, nh]·[nh, nc]
        k.addRowBias(act.p, 0, params.b, 0, n, nc);
        k.softmaxRows(act.p, 0, n, nc);
    }

    /** y_pred[t] = argmax_c p[t, c] (the first maximum on ties, as numpy's argmax). */
    public static void argmax(Activations act, int[] out) {
        int nc = act.dims.nc();
        for (int t = 0; t < act.n; t++) {
            int best = 0;
            int row = t * nc;
            for (int c = 1; c < nc; c++) {
                if (act.p[row + c] > act.p[row + best]) {
                    best = c;
                }
            }
            out[t] = best;
        }
    }
}
