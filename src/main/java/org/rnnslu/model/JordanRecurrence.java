package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.kernels.Kernels;

/**
 * The Jordan recurrence (mesnilgr/is13 {@code rnn/jordan.py}): the hidden layer reads the previous
 * step's output distribution instead of the previous hidden state, so the output layer is part of
 * the sequential step. It owns wx, ws, bh and s0, and runs the output layer's w and b inside its steps:
 * <pre>
 *   a    = x · wx + bh                                     [W, nh]   (one matrix product, as Elman's)
 *   h_t  = sigmoid(a_t + s_{t−1} · ws),  s_{−1} = s0       [B, nh]   ws [nc, nh]
 *   p_t  = s_t = softmax(h_t · w + b)                      [B, nc]
 * </pre>
 * s0 is a trained vector of nc values (zero at first, as is13's: it is not a distribution). The
 * gradient flows through s_{t−1} into the earlier steps, softmax included, as Theano's
 * {@code T.grad} through the scan does.
 *
 * <p>The hybrid ({@link Architecture.Recurrence#HYBRID}, the Elman-Jordan hybrid of Mesnil et al.
 * 2015) feeds back both h_{t−1} and s_{t−1}, and also owns wh and h0:
 * <pre>
 *   h_t  = sigmoid(a_t + h_{t−1} · wh + s_{t−1} · ws),  h_{−1} = h0,  s_{−1} = s0     [B, nh]
 * </pre>
 */
final class JordanRecurrence {

    private JordanRecurrence() {}

    /**
     * h_t and p_t, step by step for the sentences running at t; leaves sPrev, the s_{t−1} each step
     * read (and, for the hybrid, hPrev, the h_{t−1}).
     */
    static void forward(Kernels k, Params params, Activations act, InputTable table) {
        Dims d = params.dims;
        int nh = d.nh();
        int nc = d.nc();
        boolean hybrid = d.feedsBackHidden();
        ElmanRecurrence.inputProjection(k, params, act, table);                        // h holds a = x·wx + bh   [W, nh]
        for (int t = 0; t < act.steps; t++) { // h holds a, then h_t as each step runs; p likewise z_t, then p_t
            int rows = act.active(t);
            int hBlock = act.blockStart[t] * nh;
            int pBlock = act.blockStart[t] * nc;
            if (hybrid) {
                previousState(act, t, params.h0, act.h, act.hPrev, nh);                 // h_{t−1} (h0)
                Forward.stepProductAdd(k, act.hPrev, hBlock, params.wh, act.h, hBlock, rows, nh, nh); // a_t += h_{t−1}·wh
            }
            previousState(act, t, params.s0, act.p, act.sPrev, nc);                     // s_{t−1} (s0)
            Forward.stepProductAdd(k, act.sPrev, pBlock, params.ws, act.h, hBlock, rows, nc, nh); // a_t += s_{t−1}·ws
            k.sigmoid(act.h, hBlock, rows * nh);                                      // h_t = sigmoid(a_t)
            Arrays.fill(act.p, pBlock, pBlock + rows * nc, 0f);
            k.matmulAdd(act.h, hBlock, params.w, 0, act.p, pBlock, rows, nh, nc);      // z_t = h_t·w
            k.addRowBias(act.p, pBlock, params.b, 0, rows, nc);                       //     + b
            k.softmaxRows(act.p, pBlock, rows, nc);                                   // p_t = s_t = softmax(z_t)
        }
    }

    /**
     * prev's block of step t = the state each running sentence fed into step t: {@code initial} (h0
     * or s0) at t = 0, else the same positions' row of {@code states} one step earlier, a prefix of
     * the previous block.   [active(t), width]
     */
    private static void previousState(Activations act, int t, float[] initial, float[] states, float[] prev,
                                      int width) {
        int block = act.blockStart[t] * width;
        int rows = act.active(t);
        if (t == 0) {
            for (int pos = 0; pos < rows; pos++) {
                System.arraycopy(initial, 0, prev, block + pos * width, width);           // h_{−1} = h0, s_{−1} = s0
            }
        } else {
            System.arraycopy(states, act.blockStart[t - 1] * width, prev, block, rows * width);
        }
    }

    /**
     * Backward, t = T−1 .. 0, all sentences running at t at once. On entry {@code s.dz} holds each
     * word's loss term weight_t · (p_t − onehot(y_t)) and {@code s.dh} dL/dh_t from the intent head
     * (zero without one); each step completes both:
     * <pre>
     *   ds_t    = dsNext                        s_t feeds a_{t+1}: da_{t+1}·wsᵀ (none at a last word)
     *   dz_t   += p_t ⊙ (ds_t − ⟨ds_t, p_t⟩)    s_t = softmax(z_t): its Jacobian applied to ds_t   [active, nc]
     *   dh_t   += dz_t · wᵀ                     z_t = h_t·w + b                                    [active, nh]
     *   da_t    = dh_t ⊙ h_t ⊙ (1 − h_t)        h_t = sigmoid(a_t)                                 [active, nh]
     *   dsNext  = da_t · wsᵀ                    a_t = ... + s_{t−1}·ws: dL/ds_{t−1}               [active, nc]
     *   ds0    += Σ_sentences dsNext  after t = 0                  s_{−1} = s0                    [nc]
     * then over all W rows at once:
     *   dw     += hᵀ · dz;   db += Σ_t dz_t                         (w is read at every step before)
     *   dx      = da · wxᵀ;  dwx += xᵀ · da;   dws += s_prevᵀ · da;   dbh += Σ_t da_t
     * </pre>
     * The hybrid adds Elman's carry through wh to each step, and its two sums:
     * <pre>
     *   dh_t   += dhNext                        h_t feeds a_{t+1}: da_{t+1}·whᵀ (none at a last word)  [activeAfter, nh]
     *   dhNext  = da_t · whᵀ                    a_t = ... + h_{t−1}·wh: dL/dh_{t−1}               [active, nh]
     *   dh0    += Σ_sentences dhNext  after t = 0                  h_{−1} = h0                    [nh]
     *   dwh    += h_prevᵀ · da                                                                    [nh, nh]
     * </pre>
     */
    static void backward(Kernels k, Params params, Activations act, Backward.Scratch s, Gradients g, float scale) {
        Dims d = params.dims;
        int nh = d.nh();
        int nc = d.nc();
        boolean hybrid = d.feedsBackHidden();
        for (int t = act.steps - 1; t >= 0; t--) {
            int rows = act.active(t);
            int hBlock = act.blockStart[t] * nh;
            int pBlock = act.blockStart[t] * nc;
            for (int pos = 0; pos < act.activeAfter(t); pos++) { // rows below activeAfter(t) have a step t+1
                softmaxBackwardAdd(k, act.p, pBlock + pos * nc, s.dsNext, pos * nc, s.dz, pBlock + pos * nc, nc);
            }
            k.matmulTransB(s.dz, pBlock, params.w, 0, s.dhStep, 0, rows, nc, nh);         // dz_t · wᵀ
            k.axpy(1f, s.dhStep, 0, s.dh, hBlock, rows * nh);                            // dh_t += it
            if (hybrid) {
                k.axpy(1f, s.dhNext, 0, s.dh, hBlock, act.activeAfter(t) * nh);          // dh_t += dhNext  [activeAfter, nh]
            }
            k.sigmoidBackward(act.h, hBlock, s.dh, hBlock, s.da, hBlock, rows * nh);     // da_t
            Backward.stepProductBack(k, params.ws, s.da, hBlock, s.dsNext, rows, nc, nh); // dsNext = da_t·wsᵀ
            if (hybrid) {
                Backward.stepProductBack(k, params.wh, s.da, hBlock, s.dhNext, rows, nh, nh); // dhNext = da_t·whᵀ
            }
        }
        for (int pos = 0; pos < act.sentences; pos++) {
            k.axpy(scale, s.dsNext, pos * nc, g.dS0, 0, nc);                            // ds0 += dsNext
            if (hybrid) {
                k.axpy(scale, s.dhNext, pos * nh, g.dH0, 0, nh);                        // dh0 += dhNext
            }
        }
        int n = act.words;
        Backward.scaleInto(k, scale, s.dz, s.dzScaled, n * nc);
        k.matmulTransAAdd(act.h, 0, s.dzScaled, 0, g.dW, 0, n, nh, nc);                 // dw += hᵀ·dz
        k.sumRowsAdd(s.dzScaled, 0, g.dB, 0, n, nc);                                    // db += Σ_t dz_t
        k.matmulTransB(s.da, 0, params.wx, 0, s.dx, 0, n, nh, d.inputDim());            // dx = da·wxᵀ
        Backward.scaleInto(k, scale, s.da, s.daScaled, n * nh);
        k.matmulTransAAdd(act.x, 0, s.daScaled, 0, g.dWx, 0, n, d.inputDim(), nh);      // dwx += xᵀ·da
        k.matmulTransAAdd(act.sPrev, 0, s.daScaled, 0, g.dWs, 0, n, nc, nh);            // dws += s_prevᵀ·da
        if (hybrid) {
            k.matmulTransAAdd(act.hPrev, 0, s.daScaled, 0, g.dWh, 0, n, nh, nh);        // dwh += h_prevᵀ·da  [nh, nh]
        }
        k.sumRowsAdd(s.daScaled, 0, g.dBh, 0, n, nh);                                   // dbh += Σ_t da_t
    }

    /**
     * dz[c] += p[c] · (ds[c] − ⟨ds, p⟩): the gradient through p = softmax(z) given dL/dp = ds. A
     * loop over nc per word beside the products' nc·nh, so plain code.
     */
    private static void softmaxBackwardAdd(Kernels k, float[] p, int pOff, float[] ds, int dsOff, float[] dz, int dzOff,
                                           int nc) {
        float dot = k.dot(ds, dsOff, p, pOff, nc);
        for (int c = 0; c < nc; c++) {
            dz[dzOff + c] += p[pOff + c] * (ds[dsOff + c] - dot);
        }
    }
}
