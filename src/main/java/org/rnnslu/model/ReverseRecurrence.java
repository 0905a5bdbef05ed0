package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.kernels.Kernels;

/**
 * The right-to-left recurrence of a bidirectional network ({@link Architecture.Direction#BI}): its
 * forward pass and its back-propagation through time. It reads the same window inputs x_t as the
 * left-to-right one ({@link ElmanRecurrence}), with weights of its own, wxb, whb, bhb and h0b:
 * <pre>
 *   ab   = x · wxb + bhb                                   [W, nh]   (one matrix product)
 *   hb_t = sigmoid(ab_t + hb_{t+1} · whb),  hb_n = h0b     [B, nh]   (t = n−1 .. 0, per sentence)
 * </pre>
 * In a pack (see {@link Activations}) the sentences have different ends: running the steps from the
 * longest sentence's last one down to 0, a sentence joins at its own last word t = n−1, starting
 * from h0b, and the sentences running at step t are still the prefix 0 .. active(t) of the positions.
 */
final class ReverseRecurrence {

    private ReverseRecurrence() {}

    /**
     * hb from x (or from an {@link InputTable}'s second table), t from the last step down: the
     * sentences still running at t+1 take hb_{t+1} from step t+1's block (a prefix of it), the ones
     * whose last word is t take h0b. Leaves hbNext, the hb_{t+1} each step read.
     */
    static void forward(Kernels k, Params params, Activations act, InputTable table) {
        Dims d = params.dims;
        int nh = d.nh();
        if (table == null) {
            Arrays.fill(act.hb, 0, act.words * nh, 0f);
            k.matmulAdd(act.x, 0, params.wxb, 0, act.hb, 0, act.words, d.inputDim(), nh); // ab = x·wxb  [W, nh]
            k.addRowBias(act.hb, 0, params.bhb, 0, act.words, nh);                       //    + bhb
        } else {
            table.project(k, params.bhb, act.hb, 1, act);                                // ab = bhb + Σ_j table[1, j, idxs_j]
        }
        for (int t = act.steps - 1; t >= 0; t--) { // hb holds ab, then hb_t as each step runs
            int rows = act.active(t);
            int later = act.activeAfter(t); // positions 0 .. later − 1 run on at t + 1
            int block = act.blockStart[t] * nh;
            if (later > 0) {
                System.arraycopy(act.hb, act.blockStart[t + 1] * nh, act.hbNext, block, later * nh);
            }
            for (int pos = later; pos < rows; pos++) {
                System.arraycopy(params.h0b, 0, act.hbNext, block + pos * nh, nh);       // hb_n = h0b
            }
            Forward.stepProductAdd(k, act.hbNext, block, params.whb, act.hb, block, rows, nh, nh); // ab_t += hb_{t+1}·whb
            k.sigmoid(act.hb, block, rows * nh);                                         // hb_t = sigmoid(ab_t)
        }
    }

    /**
     * Backward, t = 0 .. T−1 (the reverse of the forward order), all sentences running at t at once.
     * On entry {@code s.dhb} holds dL/dhb_t from the output layer and the intent head, and
     * {@code s.dx} the forward direction's part of dL/dx:
     * <pre>
     *   dhb_t  += carry_t                      hb_t feeds both p_t and hb_{t−1} (no carry at t = 0)   [active, nh]
     *   dab_t   = dhb_t ⊙ hb_t ⊙ (1 − hb_t)    hb_t = sigmoid(ab_t)                                   [active, nh]
     *   carry   = dab_t · whbᵀ                 ab_t = ... + hb_{t+1}·whb: dL/dhb_{t+1}                [active, nh]
     *   dh0b   += carry row p  for each sentence p whose last word is t  (its hb_{t+1} was h0b)       [nh]
     * then, for ab = x·wxb + hb_next·whb + bhb over all W rows at once:
     *   dx     += dab · wxbᵀ                   x feeds both directions                                [W, de*cs]
     *   dwxb   += xᵀ · dab;   dwhb += hb_nextᵀ · dab;   dbhb += Σ_t dab_t
     * </pre>
     * The rows of carry that go on (positions below activeAfter(t)) are the prefix step t+1 adds.
     */
    static void backward(Kernels k, Params params, Activations act, Backward.Scratch s, Gradients g, float scale) {
        Dims d = params.dims;
        int nh = d.nh();
        int n = act.words;
        for (int t = 0; t < act.steps; t++) {
            int rows = act.active(t);
            int block = act.blockStart[t] * nh;
            if (t > 0) {
                k.axpy(1f, s.dhbCarry, 0, s.dhb, block, rows * nh);                        // dhb_t += carry
            }
            k.sigmoidBackward(act.hb, block, s.dhb, block, s.dab, block, rows * nh);      // dab_t
            Backward.stepProductBack(k, params.whb, s.dab, block, s.dhbCarry, rows, nh, nh); // carry = dab_t·whbᵀ
            for (int pos = act.activeAfter(t); pos < rows; pos++) {
                k.axpy(scale, s.dhbCarry, pos * nh, g.dH0b, 0, nh);                     // dh0b += carry
            }
        }
        k.matmulTransB(s.dab, 0, params.wxb, 0, s.dxb, 0, n, nh, d.inputDim());        // dxb = dab·wxbᵀ
        k.axpy(1f, s.dxb, 0, s.dx, 0, n * d.inputDim());                              // dx += dxb
        Backward.scaleInto(k, scale, s.dab, s.dabScaled, n * nh);
        k.matmulTransAAdd(act.x, 0, s.dabScaled, 0, g.dWxb, 0, n, d.inputDim(), nh);   // dwxb += xᵀ·dab
        k.matmulTransAAdd(act.hbNext, 0, s.dabScaled, 0, g.dWhb, 0, n, nh, nh);        // dwhb += hb_nextᵀ·dab
        k.sumRowsAdd(s.dabScaled, 0, g.dBhb, 0, n, nh);                                // dbhb += Σ_t dab_t
    }
}
