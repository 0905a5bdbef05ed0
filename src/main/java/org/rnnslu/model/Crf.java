package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.kernels.Kernels;

/**
 * A linear-chain CRF over the per-word class scores z_t = h_t·w + b (the softmax's inputs), with
 * the learned {@code trans [nc, nc]}, {@code start [nc]} and {@code end [nc]} of {@link Params}.
 * A label sequence y of a sentence of n words scores
 * <pre>
 *   score(y) = start[y_0] + Σ_t z_t[y_t] + Σ_{t≥1} trans[y_{t−1}, y_t] + end[y_{n−1}]
 *   p(y | x) = exp(score(y)) / Z,   Z = Σ_{y'} exp(score(y'))
 *   L        = w · (log Z − score(y))     (w: the sentence's weight, 1/n for slot filling)
 * </pre>
 * log Z by the forward algorithm, the gradient by the forward–backward marginals:
 * <pre>
 *   α_0[j] = start[j] + z_0[j];   α_t[j] = z_t[j] + logsumexp_i(α_{t−1}[i] + trans[i, j])
 *   β_{n−1}[i] = end[i];          β_t[i] = logsumexp_j(trans[i, j] + z_{t+1}[j] + β_{t+1}[j])
 *   log Z = logsumexp_j(α_{n−1}[j] + end[j])
 *   P(y_t = j)                 = exp(α_t[j] + β_t[j] − log Z)
 *   P(y_{t−1} = i, y_t = j)    = exp(α_{t−1}[i] + trans[i, j] + z_t[j] + β_t[j] − log Z)
 *   dz_t[j]     = w · (P(y_t = j) − [y_t = j])                          [n, nc]
 *   dtrans[i,j] = w · Σ_{t≥1} (P(y_{t−1} = i, y_t = j) − [y_{t−1} = i][y_t = j])
 *   dstart[j]   = w · (P(y_0 = j) − [y_0 = j]);   dend[i] = w · (P(y_{n−1} = i) − [y_{n−1} = i])
 * </pre>
 * With zero transitions the loss and dz are exactly the per-word softmax's (log Z splits into
 * Σ_t logsumexp(z_t)), so a fresh CRF model starts where a softmax model does.
 *
 * <p>The recurrences run in exp space: with E = exp(trans − c), c = max trans, each step is one
 * vector–matrix product of the kernels ({@code α}: v·E, {@code β}: E·v, v = exp(row − max)) instead
 * of nc² exponentials, and the pair marginals of a sentence are one [n−1, nc]ᵀ·[n−1, nc] product
 * times E. Every sum of such a step has a term of at least exp(−(max trans − min trans)), so
 * while the spread of trans is at most {@link #EXP_SPACE_SPREAD} nats nothing under- or overflows
 * in float; beyond it the log-space recurrences above run as written (max-shifted log-sum-exp).
 */
public final class Crf {

    /** The largest spread max − min of trans (nats) the exp-space recurrences take. */
    public static final float EXP_SPACE_SPREAD = 60f;

    private Crf() {}

    /** Scratch for one sentence at a time (and a pack's gradient sums); grows to the longest sentence. */
    public static final class Workspace {
        final int nc;
        int capacity;
        float[] z;         // [n, nc] the sentence's emission scores, gathered from its rows
        double[] alpha;    // [n, nc] log α (double: it grows with n, the marginals subtract log Z from it)
        double[] beta;     // [n, nc] log β
        float[] marginals; // [n, nc] P(y_t = j | x)
        float[] left;      // [n-1, nc] exp(α_{t−1} + B_t + c − log Z), B_t = max_j (z_t + β_t)[j]
        float[] right;     // [n-1, nc] exp(z_t + β_t − B_t)
        int[] y;           // [n] the gold labels
        final float[] expTrans; // [nc, nc] E = exp(trans − c)
        float shift;            // c
        boolean expSpace;       // false: the spread of trans is too wide, run in log space
        final double[] u;       // [nc] a row of log-space values, before exp(u − max u)
        final float[] v;        // [nc]
        final float[] s;        // [nc]
        final float[] pairs;    // [nc, nc] Σ_t P(y_{t−1} = i, y_t = j)
        final float[] dTrans;   // [nc, nc] the pack's sums, added to the sink once trans is no longer read
        final float[] dStart;   // [nc]
        final float[] dEnd;     // [nc]

        public Workspace(int nc, int capacity) {
            this.nc = nc;
            expTrans = new float[nc * nc];
            u = new double[nc];
            v = new float[nc];
            s = new float[nc];
            pairs = new float[nc * nc];
            dTrans = new float[nc * nc];
            dStart = new float[nc];
            dEnd = new float[nc];
            allocate(Math.max(1, capacity));
        }

        void ensureCapacity(int n) {
            if (n > capacity) {
                allocate(Math.max(n, 2 * capacity));
            }
        }

        private void allocate(int cap) {
            capacity = cap;
            z = new float[cap * nc];
            alpha = new double[cap * nc];
            beta = new double[cap * nc];
            marginals = new float[cap * nc];
            left = new float[cap * nc];
            right = new float[cap * nc];
            y = new int[cap];
        }

        /** The emission buffer for a sentence of n words, to fill before {@link #forwardBackward}.   [n, nc] */
        public float[] emissions(int n) {
            ensureCapacity(n);
            return z;
        }

        /** P(y_t = j | x) of the last {@link #forwardBackward}, at [t * nc + j].   [n, nc] */
        public float[] marginals() {
            return marginals;
        }

        /** log α_t[j] of the last {@link #forwardBackward}.   [n, nc] */
        public double[] alpha() {
            return alpha;
        }

        /** log β_t[i] of the last {@link #forwardBackward}.   [n, nc] */
        public double[] beta() {
            return beta;
        }

        /** Whether the last {@link #prepare} chose the exp-space recurrences. */
        public boolean expSpace() {
            return expSpace;
        }
    }

    /** E = exp(trans − c) for the transition scores as they are now; call it before the sentences that use them. */
    public static void prepare(Params p, Workspace ws) {
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float t : p.trans) {
            max = Math.max(max, t);
            min = Math.min(min, t);
        }
        ws.shift = max;
        ws.expSpace = max - min <= EXP_SPACE_SPREAD; // false for NaN too
        if (ws.expSpace) {
            for (int i = 0; i < p.trans.length; i++) {
                ws.expTrans[i] = (float) Math.exp(p.trans[i] - max);
            }
        }
    }

    /**
     * The forward and backward recurrences of the n emission rows in {@link Workspace#emissions},
     * leaving α, β and the per-word marginals in the workspace; returns log Z. {@link #prepare}
     * must have seen the current trans.
     */
    public static double forwardBackward(Kernels k, Params p, Workspace ws, int n) {
        ws.ensureCapacity(n);
        int nc = ws.nc;
        for (int j = 0; j < nc; j++) {
            ws.alpha[j] = (double) p.start[j] + ws.z[j];
            ws.beta[(n - 1) * nc + j] = p.end[j];
        }
        for (int t = 1; t < n; t++) {
            if (ws.expSpace) {
                alphaStepExp(k, ws, t);
            } else {
                alphaStepLog(p, ws, t);
            }
        }
        for (int t = n - 2; t >= 0; t--) {
            if (ws.expSpace) {
                betaStepExp(k, ws, t);
            } else {
                betaStepLog(p, ws, t);
            }
        }
        double logZ = logSumExpPlus(ws.alpha, (n - 1) * nc, p.end, 0, nc);
        for (int i = 0; i < n * nc; i++) {
            ws.marginals[i] = (float) Math.exp(ws.alpha[i] + ws.beta[i] - logZ);
        }
        return logZ;
    }

    /** α_t[j] = z_t[j] + A + c + log Σ_i exp(α_{t−1}[i] − A) · E[i, j],  A = max α_{t−1}. */
    private static void alphaStepExp(Kernels k, Workspace ws, int t) {
        int nc = ws.nc;
        System.arraycopy(ws.alpha, (t - 1) * nc, ws.u, 0, nc);
        double a = expMinusMax(ws.u, ws.v, 0, nc);
        Arrays.fill(ws.s, 0f);
        k.vecMatAdd(ws.v, 0, ws.expTrans, 0, ws.s, 0, nc, nc); // [nc]·[nc, nc]
        for (int j = 0; j < nc; j++) {
            ws.alpha[t * nc + j] = ws.z[t * nc + j] + a + ws.shift + Math.log(ws.s[j]);
        }
    }

    /** β_t[i] = B + c + log Σ_j E[i, j] · exp(z_{t+1}[j] + β_{t+1}[j] − B),  B = max_j (z_{t+1} + β_{t+1})[j]. */
    private static void betaStepExp(Kernels k, Workspace ws, int t) {
        int nc = ws.nc;
        double b = expMinusMax(emissionPlusBeta(ws, t + 1), ws.v, 0, nc);
        k.matVec(ws.expTrans, 0, ws.v, 0, ws.s, 0, nc, nc); // [nc, nc]·[nc]
        for (int i = 0; i < nc; i++) {
            ws.beta[t * nc + i] = b + ws.shift + Math.log(ws.s[i]);
        }
    }

    /** α_t[j] = z_t[j] + logsumexp_i(α_{t−1}[i] + trans[i, j]), max-shifted, in double. */
    private static void alphaStepLog(Params p, Workspace ws, int t) {
        int nc = ws.nc;
        int prev = (t - 1) * nc;
        for (int j = 0; j < nc; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < nc; i++) {
                max = Math.max(max, ws.alpha[prev + i] + p.trans[i * nc + j]);
            }
            double sum = 0;
            for (int i = 0; i < nc; i++) {
                sum += Math.exp(ws.alpha[prev + i] + p.trans[i * nc + j] - max);
            }
            ws.alpha[t * nc + j] = ws.z[t * nc + j] + max + Math.log(sum);
        }
    }

    /** β_t[i] = logsumexp_j(trans[i, j] + z_{t+1}[j] + β_{t+1}[j]), max-shifted, in double. */
    private static void betaStepLog(Params p, Workspace ws, int t) {
        int nc = ws.nc;
        double[] u = emissionPlusBeta(ws, t + 1);
        for (int i = 0; i < nc; i++) {
            ws.beta[t * nc + i] = logSumExpPlus(u, 0, p.trans, i * nc, nc);
        }
    }

    /**
     * Σ_{t≥1} P(y_{t−1} = i, y_t = j | x) into {@code ws.pairs} [nc, nc], after {@link #forwardBackward}
     * of the same n rows (log Z its result).
     */
    public static void pairMarginalSums(Kernels k, Params p, Workspace ws, int n, double logZ) {
        int nc = ws.nc;
        Arrays.fill(ws.pairs, 0f);
        if (n < 2) {
            return;
        }
        if (!ws.expSpace) {
            pairSumsLog(p, ws, n, logZ);
            return;
        }
        for (int t = 1; t < n; t++) { // P = left_t[i] · E[i, j] · right_t[j]
            double b = expMinusMax(emissionPlusBeta(ws, t), ws.right, (t - 1) * nc, nc);
            double add = b + ws.shift - logZ;
            for (int i = 0; i < nc; i++) {
                ws.left[(t - 1) * nc + i] = (float) Math.exp(ws.alpha[(t - 1) * nc + i] + add);
            }
        }
        k.matmulTransAAdd(ws.left, 0, ws.right, 0, ws.pairs, 0, n - 1, nc, nc); // [n-1, nc]ᵀ·[n-1, nc]
        for (int i = 0; i < nc * nc; i++) {
            ws.pairs[i] *= ws.expTrans[i];
        }
    }

    private static void pairSumsLog(Params p, Workspace ws, int n, double logZ) {
        int nc = ws.nc;
        for (int t = 1; t < n; t++) {
            int prev = (t - 1) * nc;
            int row = t * nc;
            for (int i = 0; i < nc; i++) {
                for (int j = 0; j < nc; j++) {
                    ws.pairs[i * nc + j] += (float) Math.exp(
                            ws.alpha[prev + i] + p.trans[i * nc + j] + ws.z[row + j] + ws.beta[row + j] - logZ);
                }
            }
        }
    }

    /** score(y) of the n labels y with the emissions in {@code z} [n, nc], summed in double in t order. */
    public static double score(Params p, float[] z, int[] y, int n) {
        int nc = p.dims.nc();
        double s = p.start[y[0]] + p.end[y[n - 1]];
        for (int t = 0; t < n; t++) {
            s += z[t * nc + y[t]];
            if (t > 0) {
                s += p.trans[y[t - 1] * nc + y[t]];
            }
        }
        return s;
    }

    /**
     * The CRF's part of {@link Backward#backward}: for every sentence of the pack, L = w·(log Z −
     * score(y)) and dz = w·(P − onehot(y)) at its rows; dtrans, dstart and dend are summed over the
     * pack and then added to the sink as {@code scale · dθ} (after the last read of trans, so a sink
     * that aliases the parameters gets the SGD step). Returns the pack's loss.
     *
     * @param weights the per-word weights; a CRF takes the sentence's loss, so they must be equal
     *                within a sentence (w = that weight; 0 leaves the sentence out)
     */
    static double lossAndGradients(Kernels k, Params p, Activations act, int[] targets, float[] weights,
                                   float[] dz, Gradients g, Workspace ws, float scale) {
        int nc = ws.nc;
        prepare(p, ws);
        Arrays.fill(ws.dTrans, 0f);
        Arrays.fill(ws.dStart, 0f);
        Arrays.fill(ws.dEnd, 0f);
        double loss = 0;
        for (int pos = 0; pos < act.sentences; pos++) {
            int n = act.lengthAt(pos);
            float w = sentenceWeight(act, pos, weights);
            if (w == 0f) {
                for (int t = 0; t < n; t++) {
                    Arrays.fill(dz, act.row(pos, t) * nc, (act.row(pos, t) + 1) * nc, 0f);
                }
                continue;
            }
            gather(act, pos, targets, ws);
            double logZ = forwardBackward(k, p, ws, n);
            loss += w * (logZ - score(p, ws.z, ws.y, n));
            emissionGrad(act, pos, ws, w, dz);
            boundaryGrad(ws, w, n);
            transitionGrad(k, p, ws, w, n, logZ);
        }
        k.axpy(scale, ws.dTrans, 0, g.dTrans, 0, nc * nc);
        k.axpy(scale, ws.dStart, 0, g.dStart, 0, nc);
        k.axpy(scale, ws.dEnd, 0, g.dEnd, 0, nc);
        return loss;
    }

    /** The sentence's one weight: every word of it must carry the same (a CRF scores the sequence). */
    private static float sentenceWeight(Activations act, int pos, float[] weights) {
        float w = weights[act.row(pos, 0)];
        for (int t = 1; t < act.lengthAt(pos); t++) {
            if (weights[act.row(pos, t)] != w) {
                throw new IllegalArgumentException("a CRF output takes the sentence's loss, so every word needs the same"
                        + " weight; word " + t + " has " + weights[act.row(pos, t)] + ", word 0 has " + w
                        + " (objective per-word only)");
            }
        }
        return w;
    }

    /** z and y of the sentence at sorted position pos, from its rows into the workspace.   [n, nc], [n] */
    private static void gather(Activations act, int pos, int[] targets, Workspace ws) {
        int nc = ws.nc;
        int n = act.lengthAt(pos);
        ws.ensureCapacity(n);
        for (int t = 0; t < n; t++) {
            int row = act.row(pos, t);
            System.arraycopy(act.z, row * nc, ws.z, t * nc, nc);
            int y = targets[row];
            if (y < 0 || y >= nc) {
                throw new IllegalArgumentException("target " + y + " at step " + t + " outside 0.." + (nc - 1));
            }
            ws.y[t] = y;
        }
    }

    /** dz_t = w · (P_t − onehot(y_t)), at the sentence's rows.   [n, nc] */
    private static void emissionGrad(Activations act, int pos, Workspace ws, float w, float[] dz) {
        int nc = ws.nc;
        for (int t = 0; t < act.lengthAt(pos); t++) {
            int row = act.row(pos, t) * nc;
            for (int j = 0; j < nc; j++) {
                dz[row + j] = w * ws.marginals[t * nc + j];
            }
            dz[row + ws.y[t]] -= w;
        }
    }

    /** dstart += w · (P_0 − onehot(y_0));  dend += w · (P_{n−1} − onehot(y_{n−1})). */
    private static void boundaryGrad(Workspace ws, float w, int n) {
        int nc = ws.nc;
        for (int j = 0; j < nc; j++) {
            ws.dStart[j] += w * ws.marginals[j];
            ws.dEnd[j] += w * ws.marginals[(n - 1) * nc + j];
        }
        ws.dStart[ws.y[0]] -= w;
        ws.dEnd[ws.y[n - 1]] -= w;
    }

    /** dtrans += w · (Σ_t P(y_{t−1} = i, y_t = j) − the count of the bigram (i, j) in y). */
    private static void transitionGrad(Kernels k, Params p, Workspace ws, float w, int n, double logZ) {
        int nc = ws.nc;
        pairMarginalSums(k, p, ws, n, logZ);
        k.axpy(w, ws.pairs, 0, ws.dTrans, 0, nc * nc);
        for (int t = 1; t < n; t++) {
            ws.dTrans[ws.y[t - 1] * nc + ws.y[t]] -= w;
        }
    }

    /** u[j] = z_t[j] + β_t[j], in ws.u.   [nc] */
    private static double[] emissionPlusBeta(Workspace ws, int t) {
        int nc = ws.nc;
        for (int j = 0; j < nc; j++) {
            ws.u[j] = ws.z[t * nc + j] + ws.beta[t * nc + j];
        }
        return ws.u;
    }

    /** out[outOff + i] = exp(u[i] − m), m = max_i u[i], for nc entries; returns m. */
    private static double expMinusMax(double[] u, float[] out, int outOff, int nc) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nc; i++) {
            m = Math.max(m, u[i]);
        }
        for (int i = 0; i < nc; i++) {
            out[outOff + i] = (float) Math.exp(u[i] - m);
        }
        return m;
    }

    /** log Σ_i exp(a[aOff + i] + b[bOff + i]), max-shifted. */
    private static double logSumExpPlus(double[] a, int aOff, float[] b, int bOff, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, a[aOff + i] + b[bOff + i]);
        }
        double sum = 0;
        for (int i = 0; i < len; i++) {
            sum += Math.exp(a[aOff + i] + b[bOff + i] - max);
        }
        return max + Math.log(sum);
    }
}
