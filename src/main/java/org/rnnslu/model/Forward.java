package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.data.ContextWindows;
import org.rnnslu.kernels.Kernels;

/**
 * The forward pass of RNNSLU's Elman network over a pack of sentences (one, or a mini-batch laid
 * end to end, W words), restructured so that everything that does not depend on the recurrence
 * runs as one matrix product over all W words:
 * <pre>
 *   idxs = contextwin(sentence, cs), per sentence          [W, cs]   (rows time-major, see Activations)
 *   x_t  = concat(emb[idxs[t, 0]], ..., emb[idxs[t, cs-1]])  [W, de*cs]
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
     * Runs the pack forward; with an {@link InputTable} of these parameters (inference), the input
     * projection is cs table rows a word instead of x · wx, and x is not formed.
     */
    public static void forwardPacked(Kernels k, Params params, Activations act, InputTable table) {
        Dims d = params.dims;
        contextWindows(act, d.cs());
        if (table == null) {
            lookupWindows(params, act.idxs, act.words, act.x);
            inputProjection(k, params, act);
        } else {
            table.project(k, params, act);
        }
        if (d.jordan()) {
            JordanRecurrence.forward(k, params, act); // h and p, step by step
        } else {
            recurrence(k, params, act);
            if (d.bidirectional()) {
                ReverseRecurrence.forward(k, params, act);
            }
            outputLayer(k, params, act);
        }
        if (d.hasIntentHead()) {
            intentHead(k, params, act);
        }
    }

    /** idxs: each sentence's contextwin, scattered to its rows.   [W, cs] */
    private static void contextWindows(Activations act, int cs) {
        if (act.windowsGiven) {
            return; // a call with windows of its own (Activations.packWindows)
        }
        for (int pos = 0; pos < act.sentences; pos++) {
            int n = act.length[pos];
            ContextWindows.contextWindow(act.wordsOf, act.sentenceStart[pos], n, cs, act.windowScratch, 0);
            for (int t = 0; t < n; t++) {
                System.arraycopy(act.windowScratch, t * cs, act.idxs, act.row(pos, t) * cs, cs);
            }
        }
    }

    /** x[t] = the cs embedding rows of window t, side by side; index -1 selects the padding row ne. */
    static void lookupWindows(Params params, int[] idxs, int n, float[] x) {
        Dims d = params.dims;
        int de = d.de();
        for (int i = 0; i < n * d.cs(); i++) {
            int row = idxs[i] < 0 ? d.padRow() : idxs[i];
            System.arraycopy(params.embeddings, row * de, x, i * de, de); // x viewed as [W*cs, de]
        }
    }

    /** h = x · wx + bh: every pre-activation's input part at once.   [W, nh] */
    private static void inputProjection(Kernels k, Params params, Activations act) {
        Dims d = params.dims;
        int nh = d.nh();
        Arrays.fill(act.h, 0, act.words * nh, 0f);
        k.matmulAdd(act.x, 0, params.wx, 0, act.h, 0, act.words, d.inputDim(), nh); // [W, de*cs]·[de*cs, nh]
        k.addRowBias(act.h, 0, params.bh, 0, act.words, nh);
        if (d.bidirectional()) {
            ReverseRecurrence.inputProjection(k, params, act);
        }
    }

    /**
     * h_t = sigmoid(a_t + h_{t-1} · wh), in place over the pre-activations, one time step at a time
     * for all sentences still running (their rows are one block, see {@link Activations}).
     * [active, nh] per step
     */
    private static void recurrence(Kernels k, Params params, Activations act) {
        int nh = params.dims.nh();
        for (int t = 0; t < act.steps; t++) {
            int rows = act.active(t);
            int block = act.blockStart[t] * nh;
            if (t == 0) {
                for (int pos = 0; pos < rows; pos++) {
                    System.arraycopy(params.h0, 0, act.hPrev, block + pos * nh, nh); // h_{-1} = h0
                }
            } else { // the same positions' h one step earlier: a prefix of the previous block
                System.arraycopy(act.h, act.blockStart[t - 1] * nh, act.hPrev, block, rows * nh);
            }
            if (rows == 1) {
                k.vecMatAdd(act.hPrev, block, params.wh, 0, act.h, block, nh, nh);  // a_t += h_{t-1}·wh
            } else {
                k.matmulAdd(act.hPrev, block, params.wh, 0, act.h, block, rows, nh, nh); // [rows, nh]·[nh, nh]
            }
            k.sigmoid(act.h, block, rows * nh);
        }
    }

    /** p = softmax(h · w + b), row by row.   [W, nc] */
    private static void outputLayer(Kernels k, Params params, Activations act) {
        Dims d = params.dims;
        int nc = d.nc();
        Arrays.fill(act.p, 0, act.words * nc, 0f);
        k.matmulAdd(act.h, 0, params.w, 0, act.p, 0, act.words, d.nh(), nc); // [W, nh]·[nh, nc]
        if (d.bidirectional()) { // + hb · w[nh:2nh]
            k.matmulAdd(act.hb, 0, params.w, d.nh() * nc, act.p, 0, act.words, d.nh(), nc);
        }
        k.addRowBias(act.p, 0, params.b, 0, act.words, nc);
        if (act.z.length > 0) { // a CRF scores label sequences from z; p stays each word's own softmax
            System.arraycopy(act.p, 0, act.z, 0, act.words * nc);
        }
        k.softmaxRows(act.p, 0, act.words, nc);
    }

    /**
     * q_pos = softmax(u_pos · wi + bi), u_pos = h_last (pool last), mean_t h_t (pool mean) or
     * max_t h_t (pool max): the intent read from each sentence's hidden states; bidirectional,
     * u_pos = [u_fwd; u_bwd], one product with each half of wi.   [B, ni]
     */
    private static void intentHead(Kernels k, Params params, Activations act) {
        Dims d = params.dims;
        int ni = d.ni();
        int nh = d.nh();
        int directions = d.bidirectional() ? 2 : 1;
        for (int pos = 0; pos < act.sentences; pos++) {
            for (int dir = 0; dir < directions; dir++) {
                if (d.pool() == Pooling.MEAN) {
                    meanPool(k, act, pos, dir, nh);
                } else if (d.pool() == Pooling.MAX) {
                    maxPool(act, pos, dir, nh);
                }
            }
            System.arraycopy(params.bi, 0, act.q, pos * ni, ni);
            for (int dir = 0; dir < directions; dir++) { // q += u_dir · wi[dir·nh .. (dir+1)·nh]
                k.vecMatAdd(headInput(act, dir), headOffset(act, pos, dir), params.wi, dir * nh * ni, act.q, pos * ni,
                        nh, ni);
            }
        }
        k.softmaxRows(act.q, 0, act.sentences, ni);
    }

    /** The states of direction dir: h (0, left to right) or hb (1, right to left).   [W, nh] */
    static float[] states(Activations act, int dir) {
        return dir == 0 ? act.h : act.hb;
    }

    /** hPool_pos[dir] = (1/n) · Σ_t h_t of direction dir over the n words of the sentence at position pos.   [nh] */
    private static void meanPool(Kernels k, Activations act, int pos, int dir, int nh) {
        int n = act.length[pos];
        int off = poolOffset(act, pos, dir);
        float[] h = states(act, dir);
        Arrays.fill(act.hPool, off, off + nh, 0f);
        for (int t = 0; t < n; t++) {
            k.axpy(1f / n, h, act.row(pos, t) * nh, act.hPool, off, nh);
        }
    }

    /**
     * hPool_pos[dir][i] = max_t h_t[i] of direction dir over the words of the sentence at position pos,
     * and hArg_pos[dir][i] = the first t that attains it.   [nh]
     */
    private static void maxPool(Activations act, int pos, int dir, int nh) {
        int n = act.length[pos];
        int off = poolOffset(act, pos, dir);
        float[] h = states(act, dir);
        System.arraycopy(h, act.row(pos, 0) * nh, act.hPool, off, nh);
        Arrays.fill(act.hArg, off, off + nh, 0);
        for (int t = 1; t < n; t++) {
            int row = act.row(pos, t) * nh;
            for (int i = 0; i < nh; i++) {
                if (h[row + i] > act.hPool[off + i]) {
                    act.hPool[off + i] = h[row + i];
                    act.hArg[off + i] = t;
                }
            }
        }
    }

    /** Where direction dir's half of sentence pos's pooled input starts in hPool (and hArg).   [B, readWidth] */
    static int poolOffset(Activations act, int pos, int dir) {
        return pos * act.dims.readWidth() + dir * act.dims.nh();
    }

    /** The array holding direction dir's part of the intent head's input u: h or hb (pool last), hPool (mean, max). */
    static float[] headInput(Activations act, int dir) {
        return act.dims.pool() == Pooling.LAST ? states(act, dir) : act.hPool;
    }

    /**
     * Where in {@link #headInput} direction dir's part of sentence pos's u starts: for pool last the
     * state after the whole sentence, h at its last word (dir 0) or hb at its first (dir 1).
     */
    static int headOffset(Activations act, int pos, int dir) {
        if (act.dims.pool() != Pooling.LAST) {
            return poolOffset(act, pos, dir);
        }
        return (dir == 0 ? lastRow(act, pos) : act.row(pos, 0)) * act.dims.nh();
    }

    /** The row of the last word of the sentence at sorted position pos. */
    static int lastRow(Activations act, int pos) {
        return act.row(pos, act.length[pos] - 1);
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
