package org.rnnslu.model;

import org.rnnslu.kernels.Kernels;

/**
 * The right-to-left recurrence of a bidirectional network ({@link Architecture.Direction#BI}): its
 * forward pass and its back-propagation through time. It reads the same window inputs x_t as the
 * left-to-right one, with weights of its own:
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

    /** hb = x · wxb + bhb: the backward direction's input part of every pre-activation.   [W, nh] */
    static void inputProjection(Kernels k, Params params, Activations act) {
        Dims d = params.dims;
        int nh = d.nh();
        java.util.Arrays.fill(act.hb, 0, act.words * nh, 0f);
        k.matmulAdd(act.x, 0, params.wxb, 0, act.hb, 0, act.words, d.inputDim(), nh); // [W, de*cs]·[de*cs, nh]
        k.addRowBias(act.hb, 0, params.bhb, 0, act.words, nh);
    }

    /**
     * hb_t = sigmoid(ab_t + hb_{t+1} · whb), in place over the pre-activations, t from the last step
     * down: the sentences still running at t+1 take hb_{t+1} from step t+1's block (a prefix of it),
     * the ones whose last word is t take h0b.   [active, nh] per step
     */
    static void forward(Kernels k, Params params, Activations act) {
        int nh = params.dims.nh();
        for (int t = act.steps - 1; t >= 0; t--) {
            int rows = act.active(t);
            int later = act.activeAfter(t); // positions 0 .. later − 1 run on at t + 1
            int block = act.blockStart[t] * nh;
            if (later > 0) {
                System.arraycopy(act.hb, act.blockStart[t + 1] * nh, act.hbNext, block, later * nh);
            }
            for (int pos = later; pos < rows; pos++) {
                System.arraycopy(params.h0b, 0, act.hbNext, block + pos * nh, nh); // hb_n = h0b
            }
            if (rows == 1) {
                k.vecMatAdd(act.hbNext, block, params.whb, 0, act.hb, block, nh, nh);  // ab_t += hb_{t+1}·whb
            } else {
                k.matmulAdd(act.hbNext, block, params.whb, 0, act.hb, block, rows, nh, nh); // [rows, nh]·[nh, nh]
            }
            k.sigmoid(act.hb, block, rows * nh);
        }
    }

    /**
     * Forward: hb_t = sigmoid(ab_t),  ab_t = x_t·wxb + hb_{t+1}·whb + bhb,  hb_n = h0b
     * Backward, t = 0 .. T−1 (the reverse of the forward order), all sentences running at t at once;
     * {@code s.dab} holds dL/dhb_t from the output layer and the intent head on entry, dab on exit:
     *   dhb_t  = dhb_t(from the output) + carry_t        (hb_t feeds both p_t and hb_{t−1}; no carry at t = 0)
     *   dab_t  = dhb_t ⊙ hb_t ⊙ (1 − hb_t)
     *   carry  = dab_t · whbᵀ                             (= dL/dhb_{t+1}, through the recurrence)  [active, nh]
     *   dh0b  += carry row p  for each sentence p whose last word is t  (its hb_{t+1} was h0b)
     * The rows of carry that go on (positions below activeAfter(t)) are the prefix step t+1 adds.
     * dwxb, dwhb and dbhb are added with the forward direction's ({@link Backward#inputProjectionBackward}).
     */
    static void backward(Kernels k, Params params, Activations act, Backward.Scratch s, Gradients g, float scale) {
        int nh = params.dims.nh();
        for (int t = 0; t < act.steps; t++) {
            int rows = act.active(t);
            int block = act.blockStart[t] * nh;
            if (t > 0) {
                k.axpy(1f, s.dhbCarry, 0, s.dab, block, rows * nh);                       // dhb_t += carry
            }
            k.sigmoidBackward(act.hb, block, s.dab, block, s.dab, block, rows * nh);     // dab_t
            if (rows == 1) {
                k.matVec(params.whb, 0, s.dab, block, s.dhbCarry, 0, nh, nh);            // carry = whb·dab_t
            } else {
                k.matmulTransB(s.dab, block, params.whb, 0, s.dhbCarry, 0, rows, nh, nh); // carry = dab_t·whbᵀ
            }
            for (int pos = act.activeAfter(t); pos < rows; pos++) {
                k.axpy(scale, s.dhbCarry, pos * nh, g.dH0b, 0, nh);                     // hb_n = h0b
            }
        }
    }

    /**
     * Forward: ab = x · wxb + hb_next · whb + bhb  (all W words)
     * Backward: dx += dab · wxbᵀ  [W, de*cs];   dwxb += xᵀ · dab;   dwhb += hb_nextᵀ · dab;   dbhb += Σ_t dab_t
     * ({@code s.dx} already holds the forward direction's da · wxᵀ; wxb is read before it is added into)
     */
    static void inputProjectionBackward(Kernels k, Params params, Activations act, Backward.Scratch s, Gradients g,
                                        int n, float scale) {
        Dims d = params.dims;
        int nh = d.nh();
        k.matmulTransB(s.dab, 0, params.wxb, 0, s.dxb, 0, n, nh, d.inputDim());
        k.axpy(1f, s.dxb, 0, s.dx, 0, n * d.inputDim());
        k.scale(scale, s.dab, 0, n * nh);
        k.matmulTransAAdd(act.x, 0, s.dab, 0, g.dWxb, 0, n, d.inputDim(), nh);
        k.matmulTransAAdd(act.hbNext, 0, s.dab, 0, g.dWhb, 0, n, nh, nh);
        k.sumRowsAdd(s.dab, 0, g.dBhb, 0, n, nh);
    }
}
