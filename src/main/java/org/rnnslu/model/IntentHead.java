package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.kernels.Kernels;

/**
 * The joint model's intent head: a softmax over intents per sentence, read from its hidden states.
 * It owns wi and bi:
 * <pre>
 *   u_b = h_last(b) (pool last),  mean_t h_t(b) (mean)  or  max_t h_t(b) unit by unit (max)   [B, nh]
 *         bidirectional: u_b = [u_fwd; u_bwd], u_bwd from hb as u_fwd from h (last: hb_0)      [B, 2nh]
 *   q_b = softmax(u_b · wi + bi)                                                               [B, ni]
 *   L_intent = Σ_b −log q_b[y_b]
 * </pre>
 * b runs over the sorted positions of the pack (see {@link Activations}).
 */
final class IntentHead {

    private IntentHead() {}

    /**
     * q_pos = softmax(u_pos · wi + bi), u_pos = h_last (pool last), mean_t h_t (pool mean) or
     * max_t h_t (pool max): the intent read from each sentence's hidden states; bidirectional,
     * u_pos = [u_fwd; u_bwd], one product with each half of wi.   [B, ni]
     */
    static void forward(Kernels k, Params params, Activations act) {
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

    /** The states of direction dir the head reads: h (0, left to right) or hb (1, right to left), h̃ when dropped.   [W, nh] */
    static float[] states(Activations act, int dir) {
        return dir == 0 ? act.hOut : act.hbOut;
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

    /**
     * Forward: L_intent = −log q_b[y_b],  q_b = softmax(u_b · wi + bi)   [B, ni]
     *          u_b = h_last(b) (last),  (1/n_b) Σ_t h_t(b) (mean)  or  max_t h_t(b) per unit (max)   [B, nh]
     *          bidirectional: u_b = [u_fwd; u_bwd], u_bwd from hb as u_fwd from h (last: hb_0)   [B, 2nh]
     * (b runs over the sorted positions of the pack; {@code intents} are given in that order)
     * Backward: dzi_b = q_b − onehot(y_b);  du_b = wi · dzi_b;
     *           dh_last(b) += du_b (last),  dh_t(b) += (1/n_b) · du_b for every t (mean),
     *           dh_{arg_i}(b)[i] += du_b[i] (max, arg_i = the step unit i's maximum came from);
     *           each half of du_b to its direction's dh (dhb for hb);
     *           dwi += Σ_b u_bᵀ · dzi_b;  dbi += Σ_b dzi_b   (wi is read for every sentence before it is added into)
     */
    static double backward(Kernels k, Params params, Activations act, int[] intents, Backward.Scratch s,
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
        Backward.scaleInto(k, scale, s.dzi, s.dziScaled, act.sentences * ni);
        for (int pos = 0; pos < act.sentences; pos++) {
            for (int dir = 0; dir < directions; dir++) { // dwi[dir·nh ..] += u_dirᵀ · dzi   [nh]ᵀ·[ni]
                k.matmulTransAAdd(headInput(act, dir), headOffset(act, pos, dir), s.dziScaled, pos * ni,
                        g.dWi, dir * nh * ni, 1, nh, ni);
            }
        }
        k.sumRowsAdd(s.dziScaled, 0, g.dBi, 0, act.sentences, ni);                       // dbi += Σ_b dzi_b
        return loss;
    }

    /**
     * Forward: u_b = h_last(b)  |  u_b = (1/n) Σ_t h_t(b)  |  u_b[i] = h_{arg_i}(b)[i]   (direction dir's half)
     * Backward: dh_last(b) += du_b  |  dh_t(b) += (1/n) · du_b, t = 0 .. n−1  |  dh_{arg_i}(b)[i] += du_b[i]
     * (du_b's half dir in du; dh is s.dh for the forward direction, s.dhb for the backward one, whose
     * "last" state is hb at the sentence's first word)
     */
    private static void headInputBackward(Kernels k, Activations act, Backward.Scratch s, int pos, int dir, int nh) {
        float[] dh = dir == 0 ? s.dh : s.dhb;
        int du = dir * nh;
        if (act.dims.pool() == Pooling.LAST) {
            k.axpy(1f, s.du, du, dh, headOffset(act, pos, dir), nh);
            return;
        }
        if (act.dims.pool() == Pooling.MAX) {
            int arg = poolOffset(act, pos, dir);
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
}
