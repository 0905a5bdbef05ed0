package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.kernels.Kernels;

/**
 * Back-propagation through time for {@link Forward}, written by hand. Each block differentiates
 * the forward line quoted above it; read them bottom-up against Forward.
 *
 * <p>The loss is a weighted sum of per-step cross-entropies, L = Σ_t weight_t · (−log p_t[y_t]):
 * slot filling uses y_t = the word's label and weight_t = 1/n (Theano's {@code -T.mean(...)});
 * sentence classification uses y_t = the sentence's label at every step (the user's
 * label-every-step objective) or only at the last step. See {@link Objective}.
 *
 * <p>Every gradient is added to its sink as {@code sink += scale · dθ}. With a zeroed
 * {@link Gradients} and scale 1 that is plain gradient accumulation (llm.c style); with
 * {@link Gradients#sgdInto} and scale −lr it is the SGD update itself. For the second to be right,
 * each block uses a weight (to propagate the error further down) before it adds into that weight.
 */
public final class Backward {

    /**
     * Scratch for one pack of W words, B sentences: dz [W, nc], dh/da [W, nh], dx [W, de*cs],
     * dhNext [B, nh], dzi [B, ni], du [readWidth] (the intent head's dL/du of one sentence);
     * bidirectional: dab [W, nh] (the backward direction's dh, then da), dxb [W, de*cs], dhbCarry [B, nh];
     * Jordan: dsNext [B, nc], dhStep [B, nh]. The arrays a network does not use are empty.
     */
    public static final class Scratch {
        final Dims dims;
        int capacity;
        int sentenceCapacity;
        public float[] dz;
        public float[] da;
        public float[] dx;
        public float[] dhNext;
        public float[] dzi;
        /** A CRF output layer's forward–backward scratch (null for a softmax). */
        public final Crf.Workspace crf;
        final float[] du;
        public float[] dab;
        float[] dxb;
        float[] dhbCarry;
        float[] dsNext;
        float[] dhStep;

        public Scratch(Dims dims, int capacity) {
            this.dims = dims;
            this.du = new float[dims.hasIntentHead() ? dims.readWidth() : 0];
            this.crf = Params.isCrf(dims) ? new Crf.Workspace(dims.nc(), capacity) : null;
            allocate(Math.max(1, capacity));
            allocateSentences(1);
        }

        void ensureCapacity(int n, int sentences) {
            if (n > capacity) {
                allocate(Math.max(n, 2 * capacity));
            }
            if (sentences > sentenceCapacity) {
                allocateSentences(Math.max(sentences, 2 * sentenceCapacity));
            }
        }

        private void allocate(int cap) {
            capacity = cap;
            dz = new float[cap * dims.nc()];
            da = new float[cap * dims.nh()];
            dx = new float[cap * dims.inputDim()];
            dab = new float[dims.bidirectional() ? cap * dims.nh() : 0];
            dxb = new float[dims.bidirectional() ? cap * dims.inputDim() : 0];
        }

        private void allocateSentences(int cap) {
            sentenceCapacity = cap;
            dhNext = new float[cap * dims.nh()];
            dzi = new float[cap * dims.ni()];
            dhbCarry = new float[dims.bidirectional() ? cap * dims.nh() : 0];
            dsNext = new float[dims.jordan() ? cap * dims.nc() : 0];
            dhStep = new float[dims.jordan() ? cap * dims.nh() : 0];
        }
    }

    private Backward() {}

    /**
     * Adds {@code scale · dL/dθ} for all seven parameters into {@code g} and returns the loss L of
     * the pack (the sum of its sentences' losses). {@code act} must hold the forward pass of the same
     * pack. Scratch buffers are left holding scale·dz, scale·da and dx.
     *
     * @param targets y_t for each of the W words (ignored where weight_t = 0)
     * @param weights weight_t for each of the W words
     * @param intents the joint model's gold intent per sentence (adds −log q_b[intent_b] to L); ignored
     *                without an intent head
     */
    public static double backward(Kernels k, Params params, Activations act, int[] targets, float[] weights,
                                  int[] intents, Gradients g, Scratch s, float scale) {
        return backward(k, params, act, targets, weights, intents, g, s, scale, true);
    }

    /**
     * {@link #backward} with or without the embedding gradient: without it ({@code embeddings}
     * false, a frozen table) no row of {@code g}'s embeddings is touched, and every other gradient is
     * the same.
     */
    public static double backward(Kernels k, Params params, Activations act, int[] targets, float[] weights,
                                  int[] intents, Gradients g, Scratch s, float scale, boolean embeddings) {
        int n = act.words;
        s.ensureCapacity(n, act.sentences);
        Dims d = params.dims;
        double loss = s.crf != null ? Crf.lossAndGradients(k, params, act, targets, weights, s.dz, g, s.crf, scale)
                : outputGrad(d, act, targets, weights, s.dz, n);
        if (d.jordan()) {
            Arrays.fill(s.da, 0, n * d.nh(), 0f); // dh: the intent head's, then the steps' (JordanRecurrence)
        } else {
            outputLayerBackward(k, params, act, s, g, n, scale);
        }
        if (d.hasIntentHead()) {
            loss += intentHeadBackward(k, params, act, intents, s, g, scale);
        }
        if (d.jordan()) {
            JordanRecurrence.backward(k, params, act, s, g, scale);
        } else {
            recurrenceBackward(k, params, act, s, g, scale);
        }
        if (d.bidirectional()) {
            ReverseRecurrence.backward(k, params, act, s, g, scale);
        }
        inputProjectionBackward(k, params, act, s, g, n, scale);
        if (embeddings) {
            lookupBackward(k, params.dims, act, s, g, n, scale);
        }
        return loss;
    }

    /**
     * Forward: L = Σ_t weight_t · −log p_t[y_t],  p_t = softmax(z_t)
     * Backward: dz_t = weight_t · (p_t − onehot(y_t))                         [n, nc]
     * (A CRF output layer's L = w·(log Z − score(y)) and dz = w·(P(y_t = ·|x) − onehot(y_t)) instead:
     * {@link Crf#lossAndGradients}; the rest of the backward pass is the same.)
     */
    static double outputGrad(Dims d, Activations act, int[] targets, float[] weights, float[] dz, int n) {
        int nc = d.nc();
        double loss = 0;
        for (int t = 0; t < n; t++) {
            int row = t * nc;
            float wt = weights[t];
            if (wt == 0f) {
                Arrays.fill(dz, row, row + nc, 0f);
                continue;
            }
            int y = targets[t];
            if (y < 0 || y >= nc) {
                throw new IllegalArgumentException("target " + y + " at step " + t + " outside 0.." + (nc - 1));
            }
            loss -= wt * Math.log(act.p[row + y]);
            for (int c = 0; c < nc; c++) {
                dz[row + c] = wt * act.p[row + c];
            }
            dz[row + y] -= wt;
        }
        return loss;
    }

    /**
     * Forward: z = h · w + b                                                   [W, nc]
     * Backward: dh = dz · wᵀ  [W, nh];   dw += hᵀ · dz;   db += Σ_t dz_t
     * Bidirectional, z = h · w[0:nh] + hb · w[nh:2nh] + b:
     *           dh = dz · w[0:nh]ᵀ;  dhb = dz · w[nh:2nh]ᵀ;  dw[0:nh] += hᵀ · dz;  dw[nh:2nh] += hbᵀ · dz
     */
    static void outputLayerBackward(Kernels k, Params params, Activations act, Scratch s, Gradients g, int n,
                                    float scale) {
        Dims d = params.dims;
        int nh = d.nh();
        int nc = d.nc();
        k.matmulTransB(s.dz, 0, params.w, 0, s.da, 0, n, nc, nh); // da holds dh for now; w read before written
        if (d.bidirectional()) {
            k.matmulTransB(s.dz, 0, params.w, nh * nc, s.dab, 0, n, nc, nh); // dab holds dhb for now
        }
        k.scale(scale, s.dz, 0, n * nc);
        k.matmulTransAAdd(act.h, 0, s.dz, 0, g.dW, 0, n, nh, nc);
        if (d.bidirectional()) {
            k.matmulTransAAdd(act.hb, 0, s.dz, 0, g.dW, nh * nc, n, nh, nc);
        }
        k.sumRowsAdd(s.dz, 0, g.dB, 0, n, nc);
    }

    /**
     * Forward: L_intent = −log q_b[y_b],  q_b = softmax(u_b · wi + bi)   [B, ni]
     *          u_b = h_last(b) (last),  (1/n_b) Σ_t h_t(b) (mean)  or  max_t h_t(b) per unit (max)   [B, nh]
     *          bidirectional: u_b = [u_fwd; u_bwd], u_bwd from hb as u_fwd from h (last: hb_0)   [B, 2nh]
     * (b runs over the sorted positions of the pack; {@code intents} are given in that order)
     * Backward: dzi_b = q_b − onehot(y_b);  du_b = wi · dzi_b;
     *           dh_last(b) += du_b (last),  dh_t(b) += (1/n_b) · du_b for every t (mean),
     *           dh_{arg_i}(b)[i] += du_b[i] (max, arg_i = the step unit i's maximum came from);
     *           each half of du_b to its direction's dh (dab for hb);
     *           dwi += Σ_b u_bᵀ · dzi_b;  dbi += Σ_b dzi_b   (wi is read for every sentence before it is added into)
     */
    static double intentHeadBackward(Kernels k, Params params, Activations act, int[] intents, Scratch s,
                                     Gradients g, float scale) {
        Dims d = params.dims;
        int nh = d.nh();
        int ni = d.ni();
        int directions = d.bidirectional() ? 2 : 1;
        double loss = 0;
        for (int pos = 0; pos < act.sentences; pos++) {
            int y = intents[pos];
            if (y < 0 || y >= ni) {
                throw new IllegalArgumentException("intent " + y + " outside 0.." + (ni - 1));
            }
            loss -= Math.log(act.q[pos * ni + y]);
            System.arraycopy(act.q, pos * ni, s.dzi, pos * ni, ni);
            s.dzi[pos * ni + y] -= 1f;
            k.matVec(params.wi, 0, s.dzi, pos * ni, s.du, 0, d.readWidth(), ni); // du_b   [readWidth]
            for (int dir = 0; dir < directions; dir++) {
                headInputBackward(k, act, s, pos, dir, nh);
            }
        }
        k.scale(scale, s.dzi, 0, act.sentences * ni);
        for (int pos = 0; pos < act.sentences; pos++) {
            for (int dir = 0; dir < directions; dir++) {
                k.matmulTransAAdd(Forward.headInput(act, dir), Forward.headOffset(act, pos, dir), s.dzi, pos * ni,
                        g.dWi, dir * nh * ni, 1, nh, ni);
            }
        }
        k.sumRowsAdd(s.dzi, 0, g.dBi, 0, act.sentences, ni);
        return loss;
    }

    /**
     * Forward: u_b = h_last(b)  |  u_b = (1/n) Σ_t h_t(b)  |  u_b[i] = h_{arg_i}(b)[i]   (direction dir's half)
     * Backward: dh_last(b) += du_b  |  dh_t(b) += (1/n) · du_b, t = 0 .. n−1  |  dh_{arg_i}(b)[i] += du_b[i]
     * (du_b's half dir in du; dh is da for the forward direction, dab for the backward one, whose
     * "last" state is hb at the sentence's first word)
     */
    private static void headInputBackward(Kernels k, Activations act, Scratch s, int pos, int dir, int nh) {
        float[] dh = dir == 0 ? s.da : s.dab;
        int du = dir * nh;
        if (act.dims.pool() == Pooling.LAST) {
            k.axpy(1f, s.du, du, dh, Forward.headOffset(act, pos, dir), nh);
            return;
        }
        if (act.dims.pool() == Pooling.MAX) {
            int arg = Forward.poolOffset(act, pos, dir);
            for (int i = 0; i < nh; i++) {
                dh[act.row(pos, act.hArg[arg + i]) * nh + i] += s.du[du + i];
            }
            return;
        }
        int n = act.lengthAt(pos);
        for (int t = 0; t < n; t++) {
            k.axpy(1f / n, s.du, du, dh, act.row(pos, t) * nh, nh);
        }
    }

    /**
     * Forward: h_t = sigmoid(a_t),  a_t = x_t·wx + h_{t−1}·wh + bh,  h_{−1} = h0
     * Backward, t = T−1 .. 0 (karpathy's min-char-rnn), for all sentences running at t at once:
     *   dh_t    = dh_t(from the output) + dhNext          (h_t feeds both p_t and h_{t+1})
     *   da_t    = dh_t ⊙ h_t ⊙ (1 − h_t)                  (sigmoid' = h(1−h))
     *   dhNext  = da_t · whᵀ                               (= dL/dh_{t−1} through the recurrence)  [active, nh]
     *   dh0    += Σ_sentences dhNext  after t = 0          (h_{−1} = h0)
     * dhNext row p belongs to the sentence at sorted position p; it is still zero when that sentence's
     * last word is reached, because only the rows of running sentences are ever written.
     */
    static void recurrenceBackward(Kernels k, Params params, Activations act, Scratch s, Gradients g, float scale) {
        int nh = params.dims.nh();
        Arrays.fill(s.dhNext, 0, act.sentences * nh, 0f);
        for (int t = act.steps - 1; t >= 0; t--) {
            int rows = act.active(t);
            int block = act.blockStart[t] * nh;
            k.axpy(1f, s.dhNext, 0, s.da, block, rows * nh);                            // dh_t += dhNext
            k.sigmoidBackward(act.h, block, s.da, block, s.da, block, rows * nh);       // da_t
            if (rows == 1) {
                k.matVec(params.wh, 0, s.da, block, s.dhNext, 0, nh, nh);              // dhNext = wh·da_t
            } else {
                k.matmulTransB(s.da, block, params.wh, 0, s.dhNext, 0, rows, nh, nh);  // dhNext = da_t·whᵀ
            }
        }
        for (int pos = 0; pos < act.sentences; pos++) {
            k.axpy(scale, s.dhNext, pos * nh, g.dH0, 0, nh);
        }
    }

    /**
     * Forward: a = x · wx + h_prev · wh + bh  (all W words),  x_t = emb[idxs_t]
     * Backward: dx = da · wxᵀ  [W, de*cs];   dwx += xᵀ · da;   dwh += h_prevᵀ · da;   dbh += Σ_t da_t
     * Jordan, a = x · wx + s_prev · ws + bh:  dws += s_prevᵀ · da  in place of dwh.
     * Bidirectional: then the backward direction's terms ({@link ReverseRecurrence#inputProjectionBackward}).
     */
    static void inputProjectionBackward(Kernels k, Params params, Activations act, Scratch s, Gradients g, int n,
                                        float scale) {
        Dims d = params.dims;
        int nh = d.nh();
        k.matmulTransB(s.da, 0, params.wx, 0, s.dx, 0, n, nh, d.inputDim()); // wx read before written
        k.scale(scale, s.da, 0, n * nh);
        k.matmulTransAAdd(act.x, 0, s.da, 0, g.dWx, 0, n, d.inputDim(), nh);
        if (d.jordan()) {
            k.matmulTransAAdd(act.sPrev, 0, s.da, 0, g.dWs, 0, n, d.nc(), nh);
        } else {
            k.matmulTransAAdd(act.hPrev, 0, s.da, 0, g.dWh, 0, n, nh, nh);
        }
        k.sumRowsAdd(s.da, 0, g.dBh, 0, n, nh);
        if (d.bidirectional()) {
            ReverseRecurrence.inputProjectionBackward(k, params, act, s, g, n, scale);
        }
    }

    /**
     * Forward: x_t[j·de .. (j+1)·de) = emb[idxs[t, j]]  (index −1 = padding row ne)
     * Backward: demb[idxs[t, j]] += dx_t[j·de .. (j+1)·de)   (a word used twice gets both)
     */
    static void lookupBackward(Kernels k, Dims d, Activations act, Scratch s, Gradients g, int n, float scale) {
        int de = d.de();
        for (int i = 0; i < n * d.cs(); i++) {
            int row = act.idxs[i] < 0 ? d.padRow() : act.idxs[i];
            g.touch(row);
            k.axpy(scale, s.dx, i * de, g.dEmbeddings, row * de, de);
        }
    }
}
