package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.kernels.Kernels;

/**
 * The tutorial's recurrence, left to right, and its back-propagation through time. It owns wx, wh,
 * bh and h0:
 * <pre>
 *   a    = x · wx + bh                                 [W, nh]   (one matrix product: no step waits for it)
 *   h_t  = sigmoid(a_t + h_{t−1} · wh),  h_{−1} = h0   [B, nh]   (the only sequential part: per step)
 * </pre>
 * In a pack (see {@link Activations}) the sentences running at step t are the positions
 * 0 .. active(t), one block of rows, so each step is one [active, nh]·[nh, nh] product.
 */
final class ElmanRecurrence {

    private ElmanRecurrence() {}

    /**
     * h from x (or, with an {@link InputTable}, from its rows: the same a to float rounding).
     * Leaves hPrev, the h_{t−1} each step read, for {@link #backward}.
     */
    static void forward(Kernels k, Params params, Activations act, InputTable table) {
        Dims d = params.dims;
        int nh = d.nh();
        inputProjection(k, params, act, table);                                        // h holds a   [W, nh]
        for (int t = 0; t < act.steps; t++) { // h holds a, then h_t as each step runs
            int rows = act.active(t);
            int block = act.blockStart[t] * nh;
            if (t == 0) {
                for (int pos = 0; pos < rows; pos++) {
                    System.arraycopy(params.h0, 0, act.hPrev, block + pos * nh, nh);   // h_{−1} = h0
                }
            } else { // the same positions' h one step earlier: a prefix of the previous block
                System.arraycopy(act.h, act.blockStart[t - 1] * nh, act.hPrev, block, rows * nh);
            }
            Forward.stepProductAdd(k, act.hPrev, block, params.wh, act.h, block, rows, nh, nh); // a_t += h_{t−1}·wh
            k.sigmoid(act.h, block, rows * nh);                                        // h_t = sigmoid(a_t)
        }
    }

    /**
     * Backward, t = T−1 .. 0 (karpathy's min-char-rnn), for all sentences running at t at once.
     * On entry {@code s.dh} holds dL/dh_t from the layers that read h (output layer, intent head);
     * each step adds what flows back from h_{t+1}:
     * <pre>
     *   dh_t   += dhNext                       h_t feeds both p_t and h_{t+1}               [active, nh]
     *   da_t    = dh_t ⊙ h_t ⊙ (1 − h_t)       h_t = sigmoid(a_t), sigmoid' = h(1−h)        [active, nh]
     *   dhNext  = da_t · whᵀ                   a_t = ... + h_{t−1}·wh: dL/dh_{t−1}          [active, nh]
     *   dh0    += Σ_sentences dhNext  after t = 0                 h_{−1} = h0               [nh]
     * then, for a = x·wx + h_prev·wh + bh over all W rows at once:
     *   dx      = da · wxᵀ                                                                  [W, de*cs]
     *   dwx    += xᵀ · da;   dwh += h_prevᵀ · da;   dbh += Σ_t da_t          [de*cs, nh], [nh, nh], [nh]
     * </pre>
     * dhNext row p belongs to the sentence at sorted position p; it is still zero when that
     * sentence's last word is reached, because only the rows of running sentences are ever written.
     * wh and wx are read (for dhNext, dx) before anything is added into them.
     */
    static void backward(Kernels k, Params params, Activations act, Backward.Scratch s, Gradients g, float scale) {
        Dims d = params.dims;
        int nh = d.nh();
        int n = act.words;
        Arrays.fill(s.dhNext, 0, act.sentences * nh, 0f);
        for (int t = act.steps - 1; t >= 0; t--) {
            int rows = act.active(t);
            int block = act.blockStart[t] * nh;
            k.axpy(1f, s.dhNext, 0, s.dh, block, rows * nh);                           // dh_t += dhNext
            k.sigmoidBackward(act.h, block, s.dh, block, s.da, block, rows * nh);      // da_t
            Backward.stepProductBack(k, params.wh, s.da, block, s.dhNext, rows, nh, nh); // dhNext = da_t·whᵀ
        }
        for (int pos = 0; pos < act.sentences; pos++) {
            k.axpy(scale, s.dhNext, pos * nh, g.dH0, 0, nh);                           // dh0 += dhNext
        }
        k.matmulTransB(s.da, 0, params.wx, 0, s.dx, 0, n, nh, d.inputDim());          // dx = da·wxᵀ
        Backward.scaleInto(k, scale, s.da, s.daScaled, n * nh);
        k.matmulTransAAdd(act.x, 0, s.daScaled, 0, g.dWx, 0, n, d.inputDim(), nh);    // dwx += xᵀ·da
        k.matmulTransAAdd(act.hPrev, 0, s.daScaled, 0, g.dWh, 0, n, nh, nh);          // dwh += h_prevᵀ·da
        k.sumRowsAdd(s.daScaled, 0, g.dBh, 0, n, nh);                                 // dbh += Σ_t da_t
    }

    /**
     * a = x · wx + bh into act.h for every word at once (or, with an {@link InputTable}, bh plus its
     * rows): the part of the hidden layer's input that does not depend on the recurrence, shared
     * with the Jordan and hybrid steps.
     */
    static void inputProjection(Kernels k, Params params, Activations act, InputTable table) {
        Dims d = params.dims;
        int nh = d.nh();
        if (table == null) {
            Arrays.fill(act.h, 0, act.words * nh, 0f);
            k.matmulAdd(act.x, 0, params.wx, 0, act.h, 0, act.words, d.inputDim(), nh); // a = x·wx  [W, de*cs]·[de*cs, nh]
            k.addRowBias(act.h, 0, params.bh, 0, act.words, nh);                       //   + bh    [W, nh]
        } else {
            table.project(k, params.bh, act.h, 0, act);                                // a = bh + Σ_j table[j, idxs_j]
        }
    }
}
