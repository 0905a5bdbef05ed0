package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.kernels.Kernels;

/**
 * Back-propagation through time for {@link Forward}, written by hand. Each layer's
 * {@code backward} sits in its class next to its {@code forward} and quotes the forward line each
 * gradient line differentiates; {@link #backward} runs them in the reverse of Forward's order.
 *
 * <p>The loss is a weighted sum of per-step cross-entropies, L = Σ_t weight_t · (−log p_t[y_t]):
 * slot filling uses y_t = the word's label and weight_t = 1/n (Theano's {@code -T.mean(...)});
 * sentence classification uses y_t = the sentence's label at every step (the user's
 * label-every-step objective) or only at the last step. See {@link Objective}.
 *
 * <p>Every gradient is added to its sink as {@code sink += scale · dθ}. With a zeroed
 * {@link Gradients} and scale 1 that is plain gradient accumulation (llm.c style); with
 * {@link Gradients#sgdInto} and scale −lr it is the SGD update itself. For the second to be right,
 * each layer uses a weight (to propagate the error further down) before it adds into that weight.
 */
public final class Backward {

    /**
     * Scratch for one pack of W words, B sentences; each array holds one quantity. The gradients
     * with respect to activations, unscaled:
     * <pre>
     *   dz     [W, nc]       dL/dz, z = h·w + b (the softmax's or CRF's input)
     *   dh     [W, nh]       dL/dh_t: from the output layer and the intent head, then the recurrence's carry
     *   da     [W, nh]       dL/da_t, a_t the pre-activation (h_t = sigmoid(a_t))
     *   dx     [W, de*cs]    dL/dx, summed over the directions that read x
     *   dhNext [B, nh]       dL/dh_{t−1} through wh, carried from step t to t−1
     *   dzi    [B, ni]       dL/dzi, zi = u·wi + bi (the intent head)
     *   du     [readWidth]   dL/du of one sentence (the intent head's input)
     * bidirectional:  dhb, dab [W, nh] as dh, da;  dxb [W, de*cs] (its part of dx);  dhbCarry [B, nh]
     * Jordan, hybrid: dsNext [B, nc] (dL/ds_{t−1});  dhStep [B, nh] (one step's dz_t·wᵀ)
     * </pre>
     * and {@code dzScaled}, {@code daScaled}, {@code dabScaled}, {@code dziScaled}: scale times dz,
     * da, dab, dzi, the factor the weight gradients sum into the sink. The arrays a network does not
     * use are empty.
     */
    public static final class Scratch {
        final Dims dims;
        int capacity;
        int sentenceCapacity;
        public float[] dz;
        public float[] dh;
        public float[] da;
        public float[] dx;
        public float[] dhNext;
        public float[] dzi;
        /** A CRF output layer's forward–backward scratch (null for a softmax). */
        public final Crf.Workspace crf;
        final float[] du;
        public float[] dhb;
        public float[] dab;
        float[] dxb;
        float[] dhbCarry;
        float[] dsNext;
        float[] dhStep;
        float[] dzScaled;
        float[] daScaled;
        float[] dabScaled;
        float[] dziScaled;

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
            int backward = dims.bidirectional() ? cap * dims.nh() : 0;
            dz = new float[cap * dims.nc()];
            dzScaled = new float[cap * dims.nc()];
            dh = new float[cap * dims.nh()];
            da = new float[cap * dims.nh()];
            daScaled = new float[cap * dims.nh()];
            dx = new float[cap * dims.inputDim()];
            dhb = new float[backward];
            dab = new float[backward];
            dabScaled = new float[backward];
            dxb = new float[dims.bidirectional() ? cap * dims.inputDim() : 0];
        }

        private void allocateSentences(int cap) {
            sentenceCapacity = cap;
            dhNext = new float[cap * dims.nh()];
            dzi = new float[cap * dims.ni()];
            dziScaled = new float[cap * dims.ni()];
            dhbCarry = new float[dims.bidirectional() ? cap * dims.nh() : 0];
            dsNext = new float[dims.feedsBackOutput() ? cap * dims.nc() : 0];
            dhStep = new float[dims.feedsBackOutput() ? cap * dims.nh() : 0];
        }
    }

    private Backward() {}

    /**
     * Adds {@code scale · dL/dθ} for every parameter into {@code g} and returns the loss L of the
     * pack (the sum of its sentences' losses). {@code act} must hold the forward pass of the same
     * pack. The scratch is left holding dz, dh, da and dx (unscaled) of every row.
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
        return backward(k, params, act, targets, weights, intents, g, s, scale, embeddings, null);
    }

    /**
     * {@link #backward} of a forward pass that dropped x by {@code masks} (null: none): dx, the
     * gradient reaching x, is multiplied by the same mask before it goes into the embedding rows.
     */
    static double backward(Kernels k, Params params, Activations act, int[] targets, float[] weights,
                           int[] intents, Gradients g, Scratch s, float scale, boolean embeddings, DropoutMasks masks) {
        int n = act.words;
        s.ensureCapacity(n, act.sentences);
        Dims d = params.dims;
        double loss = s.crf != null
                ? Crf.lossAndGradients(k, params, act, targets, weights, s.dz, g, s.crf, scale) // dz; dtrans, dstart, dend
                : OutputLayer.loss(d, act, targets, weights, s.dz, n);                           // dz
        if (d.feedsBackOutput()) {
            Arrays.fill(s.dh, 0, n * d.nh(), 0f); // dh: the intent head's, then the steps' (JordanRecurrence)
        } else {
            OutputLayer.backward(k, params, act, s, g, n, scale);       // dh (dhb); dw, db
        }
        if (d.hasIntentHead()) {
            loss += IntentHead.backward(k, params, act, intents, s, g, scale); // dh (dhb) +=; dwi, dbi
        }
        if (masks != null && masks.dropsHidden()) {
            masks.backHidden(s, n);                                     // dh = mh ⊙ dh̃ / (1 − Ph) (dhb)
        }
        if (d.feedsBackOutput()) {
            JordanRecurrence.backward(k, params, act, s, g, scale);     // da, dx; dw, db, dwx, dws, dbh, ds0 (hybrid: dwh, dh0)
        } else {
            ElmanRecurrence.backward(k, params, act, s, g, scale);      // da, dx; dwx, dwh, dbh, dh0
            if (d.bidirectional()) {
                ReverseRecurrence.backward(k, params, act, s, g, scale); // dab, dx +=; dwxb, dwhb, dbhb, dh0b
            }
        }
        if (masks != null && masks.dropsInput()) {
            masks.backInput(s.dx, n);                                   // dx = m ⊙ dx̃ / (1 − P)
        }
        if (embeddings) {
            Embedding.backward(k, d, act, s, g, scale);                 // demb
        }
        return loss;
    }

    /**
     * out[rows, nIn] = d[rows, nOut] · w[nIn, nOut]ᵀ, the gradient a recurrence step sends back to its
     * input (the twin of {@link Forward#stepProductAdd}): w·d for one sentence, a GEMM for more.
     */
    static void stepProductBack(Kernels k, float[] w, float[] d, int dOff, float[] out, int rows, int nIn, int nOut) {
        if (rows == 1) {
            k.matVec(w, 0, d, dOff, out, 0, nIn, nOut);                             // [nIn, nOut]·[nOut]
        } else {
            k.matmulTransB(d, dOff, w, 0, out, 0, rows, nOut, nIn);                  // [rows, nOut]·[nIn, nOut]ᵀ
        }
    }

    /** to = scale · from, on the first len values: the sink's share of a gradient, for the weight sums. */
    static void scaleInto(Kernels k, float scale, float[] from, float[] to, int len) {
        System.arraycopy(from, 0, to, 0, len);
        k.scale(scale, to, 0, len);
    }
}
