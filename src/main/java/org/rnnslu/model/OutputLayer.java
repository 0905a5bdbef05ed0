package org.rnnslu.model;

import java.util.Arrays;
import org.rnnslu.kernels.Kernels;

/**
 * The per-word output layer of an Elman network and its loss: it owns w and b.
 * <pre>
 *   z = h · w + b          [W, nh]·[nh, nc] -> [W, nc]   (bidirectional: + hb · w[nh:2nh], w is [2nh, nc])
 *   p = softmax(z)         [W, nc]                        (a CRF output layer also keeps z, see {@link Crf})
 *   L = Σ_t weight_t · −log p_t[y_t]
 * </pre>
 * (A Jordan or hybrid network runs the same z and p inside its steps: {@link JordanRecurrence}.)
 */
final class OutputLayer {

    private OutputLayer() {}

    /** p = softmax(h · w + b), row by row; z kept in act.z for a CRF; h is act.hOut (h̃ when dropped).   [W, nc] */
    static void forward(Kernels k, Params params, Activations act) {
        Dims d = params.dims;
        int nc = d.nc();
        Arrays.fill(act.p, 0, act.words * nc, 0f);                                      // p holds z, then p
        k.matmulAdd(act.hOut, 0, params.w, 0, act.p, 0, act.words, d.nh(), nc);         // z = h·w  [W, nh]·[nh, nc]
        if (d.bidirectional()) {
            k.matmulAdd(act.hbOut, 0, params.w, d.nh() * nc, act.p, 0, act.words, d.nh(), nc); //  + hb·w[nh:2nh]
        }
        k.addRowBias(act.p, 0, params.b, 0, act.words, nc);                            //  + b
        if (act.z.length > 0) { // a CRF scores label sequences from z; p stays each word's own softmax
            System.arraycopy(act.p, 0, act.z, 0, act.words * nc);
        }
        k.softmaxRows(act.p, 0, act.words, nc);                                        // p = softmax(z)
    }

    /**
     * Forward: L = Σ_t weight_t · −log p_t[y_t],  p_t = softmax(z_t)
     * Backward: dz_t = weight_t · (p_t − onehot(y_t))                         [n, nc]
     * (A CRF output layer's L = w·(log Z − score(y)) and dz = w·(P(y_t = ·|x) − onehot(y_t)) instead:
     * {@link Crf#lossAndGradients}; the rest of the backward pass is the same.)
     */
    static double loss(Dims d, Activations act, int[] targets, float[] weights, float[] dz, int n) {
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
     * Backward of z = h · w + b, given dz [W, nc]:
     * <pre>
     *   dh  = dz · wᵀ          [W, nh]      (w read before it is added into)
     *   dw += hᵀ · dz          [nh, nc]
     *   db += Σ_t dz_t         [nc]
     * bidirectional, z = h · w[0:nh] + hb · w[nh:2nh] + b:
     *   dh  = dz · w[0:nh]ᵀ;   dhb = dz · w[nh:2nh]ᵀ;   dw[0:nh] += hᵀ · dz;   dw[nh:2nh] += hbᵀ · dz
     * </pre>
     * dh and dhb are the first terms of dL/dh and dL/dhb: the intent head and the recurrences add theirs.
     */
    static void backward(Kernels k, Params params, Activations act, Backward.Scratch s, Gradients g, int n,
                         float scale) {
        Dims d = params.dims;
        int nh = d.nh();
        int nc = d.nc();
        k.matmulTransB(s.dz, 0, params.w, 0, s.dh, 0, n, nc, nh);                     // dh = dz·wᵀ
        if (d.bidirectional()) {
            k.matmulTransB(s.dz, 0, params.w, nh * nc, s.dhb, 0, n, nc, nh);          // dhb = dz·w[nh:2nh]ᵀ
        }
        Backward.scaleInto(k, scale, s.dz, s.dzScaled, n * nc);
        k.matmulTransAAdd(act.hOut, 0, s.dzScaled, 0, g.dW, 0, n, nh, nc);             // dw += hᵀ·dz
        if (d.bidirectional()) {
            k.matmulTransAAdd(act.hbOut, 0, s.dzScaled, 0, g.dW, nh * nc, n, nh, nc);     // dw[nh:2nh] += hbᵀ·dz
        }
        k.sumRowsAdd(s.dzScaled, 0, g.dB, 0, n, nc);                                   // db += Σ_t dz_t
    }
}
