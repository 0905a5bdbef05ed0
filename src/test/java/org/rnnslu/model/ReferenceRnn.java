package org.rnnslu.model;

/**
 * A naive double-precision Elman RNN, written straight from the math with no kernels and no
 * restructuring: the reference the gradient checks differentiate numerically. Also the
 * bidirectional network (a right-to-left recurrence beside it, the outputs reading [h_t; hb_t]),
 * the Jordan network (h_t reads the previous step's softmax output), the hybrid (h_t reads both
 * h_{t−1} and that output), and a CRF output layer (−log p(y|x) over the scores z_t, by the forward
 * algorithm).
 */
final class ReferenceRnn {

    final Dims d;
    final double[][] p; // in params.names() order
    /** A fixed dropout mask on x, 0 or 1/(1 − P) per element, row t = word t   [n, de*cs] (null: none). */
    double[] inputMask;
    /**
     * A fixed dropout mask on what the output layer and the intent head read, [h_t; hb_t] side by
     * side, 0 or 1/(1 − Ph) per element   [n, readWidth] (null: none; not for Jordan or hybrid).
     */
    double[] hiddenMask;
    private final java.util.List<String> names;

    ReferenceRnn(Params params) {
        this.d = params.dims;
        this.names = params.names();
        p = new double[params.names().size()][];
        for (int i = 0; i < p.length; i++) {
            float[] src = params.byName(params.names().get(i));
            p[i] = new double[src.length];
            for (int j = 0; j < src.length; j++) {
                p[i][j] = src[j];
            }
        }
    }

    /**
     * L = Σ_t weight_t · −log softmax(h_t·w + b)[y_t]  (+ −log softmax(u·wi + bi)[intent] with an
     * intent head, u = h_{n−1} for pool last, u = (1/n) Σ_t h_t for pool mean, u_i = max_t h_t[i]
     * for pool max).
     */
    double loss(int[] words, int n, int[] targets, float[] weights, int intent) {
        int cs = d.cs();
        int[] idxs = new int[n * cs];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < cs; j++) {
                int pos = t - cs / 2 + j;
                idxs[t * cs + j] = pos < 0 || pos >= n ? -1 : words[pos];
            }
        }
        return lossOfWindows(idxs, n, targets, weights, intent);
    }

    /** The parameter named {@code name}. */
    private double[] param(String name) {
        return p[names.indexOf(name)];
    }

    /** As {@link #loss} for a call whose windows are given: idxs [n, cs], −1 and ne the padding row. */
    double lossOfWindows(int[] idxs, int n, int[] targets, float[] weights, int intent) {
        int nh = d.nh(), nc = d.nc();
        double[][] x = new double[n][];
        for (int t = 0; t < n; t++) {
            x[t] = window(idxs, t);
            for (int j = 0; inputMask != null && j < x[t].length; j++) {
                x[t][j] *= inputMask[t * x[t].length + j]; // x̃ = m ⊙ x / (1 − P)
            }
        }
        double[][] h = new double[n][];
        double[][] probs = new double[n][];
        double loss = 0;
        if (d.feedsBackOutput() && d.feedsBackHidden()) {
            // h_t = σ(x_t·wx + h_{t−1}·wh + s_{t−1}·ws + bh), s_t = softmax(h_t·w + b), h_{−1} = h0, s_{−1} = s0
            double[] hPrev = param("h0");
            double[] sPrev = param("s0");
            for (int t = 0; t < n; t++) {
                double[] bias = plusProduct(param("bh"), hPrev, param("wh")); // bh + h_{t−1}·wh
                h[t] = sigmoidLayer(x[t], param("wx"), sPrev, param("ws"), bias);
                probs[t] = softmax(affine(h[t], param("w"), param("b"), nc));
                hPrev = h[t];
                sPrev = probs[t];
            }
        } else if (d.feedsBackOutput()) { // h_t = σ(x_t·wx + s_{t−1}·ws + bh), s_t = softmax(h_t·w + b), s_{−1} = s0
            double[] sPrev = param("s0");
            for (int t = 0; t < n; t++) {
                h[t] = sigmoidLayer(x[t], param("wx"), sPrev, param("ws"), param("bh"));
                probs[t] = softmax(affine(h[t], param("w"), param("b"), nc));
                sPrev = probs[t];
            }
        } else { // h_t = σ(x_t·wx + h_{t−1}·wh + bh), h_{−1} = h0
            double[] hPrev = param("h0");
            for (int t = 0; t < n; t++) {
                h[t] = sigmoidLayer(x[t], param("wx"), hPrev, param("wh"), param("bh"));
                hPrev = h[t];
            }
        }
        double[][] hb = new double[n][];
        if (d.bidirectional()) { // hb_t = σ(x_t·wxb + hb_{t+1}·whb + bhb), hb_n = h0b
            double[] next = param("h0b");
            for (int t = n - 1; t >= 0; t--) {
                hb[t] = sigmoidLayer(x[t], param("wxb"), next, param("whb"), param("bhb"));
                next = hb[t];
            }
        }
        if (hiddenMask != null) { // h̃ = mh ⊙ h: the output layer and the head read copies, the recurrence read h
            h = masked(h, n, 0);
            hb = d.bidirectional() ? masked(hb, n, nh) : hb;
        }
        if (Params.isCrf(d)) { // L = w · −log p(y | x), w the words' common weight
            double[][] z = new double[n][];
            for (int t = 0; t < n; t++) {
                z[t] = affine(read(h[t], hb[t]), param("w"), param("b"), nc);
            }
            loss += weights[0] * crfNll(z, targets, n);
        }
        for (int t = 0; t < n && !Params.isCrf(d); t++) {
            if (!d.feedsBackOutput()) {
                probs[t] = softmax(affine(read(h[t], hb[t]), param("w"), param("b"), nc));
            }
            loss += weights[t] * -Math.log(probs[t][targets[t]]);
        }
        if (d.ni() > 0) {
            double[] u = read(pool(h, n, nh, n - 1), d.bidirectional() ? pool(hb, n, nh, 0) : null);
            double[] q = softmax(affine(u, param("wi"), param("bi"), d.ni()));
            loss += -Math.log(q[intent]);
        }
        return loss;
    }

    /** Copies of the states of one direction times their part (from column {@code from}) of the hidden mask. */
    private double[][] masked(double[][] states, int n, int from) {
        int nh = d.nh();
        double[][] out = new double[n][nh];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < nh; i++) {
                out[t][i] = states[t][i] * hiddenMask[t * d.readWidth() + from + i];
            }
        }
        return out;
    }

    /** x_t: the cs embedding rows of window t side by side. */
    private double[] window(int[] idxs, int t) {
        int de = d.de(), cs = d.cs();
        double[] emb = param("embeddings");
        double[] x = new double[de * cs];
        for (int j = 0; j < cs; j++) {
            int row = idxs[t * cs + j] < 0 ? d.ne() : idxs[t * cs + j];
            for (int c = 0; c < de; c++) {
                x[j * de + c] = emb[row * de + c];
            }
        }
        return x;
    }

    /** bias + r·wr, r a recurrent input [len] and wr [len, nh].   [nh] */
    private double[] plusProduct(double[] bias, double[] r, double[] wr) {
        int nh = d.nh();
        double[] out = bias.clone();
        for (int i = 0; i < nh; i++) {
            for (int q = 0; q < r.length; q++) {
                out[i] += r[q] * wr[q * nh + i];
            }
        }
        return out;
    }

    /** σ(x·wx + r·wr + bias), r the recurrent input (h_{t−1}, hb_{t+1} or s_{t−1}).   [nh] */
    private double[] sigmoidLayer(double[] x, double[] wx, double[] r, double[] wr, double[] bias) {
        int nh = d.nh();
        double[] h = new double[nh];
        for (int i = 0; i < nh; i++) {
            double a = bias[i];
            for (int q = 0; q < x.length; q++) {
                a += x[q] * wx[q * nh + i];
            }
            for (int q = 0; q < r.length; q++) {
                a += r[q] * wr[q * nh + i];
            }
            h[i] = 1 / (1 + Math.exp(-a));
        }
        return h;
    }

    /** What the output layer reads: h_t, or [h_t; hb_t] (hb null: h_t). */
    private static double[] read(double[] h, double[] hb) {
        if (hb == null) {
            return h;
        }
        double[] r = java.util.Arrays.copyOf(h, h.length + hb.length);
        System.arraycopy(hb, 0, r, h.length, hb.length);
        return r;
    }

    /** u·w + bias, w [u.length, m]. */
    private static double[] affine(double[] u, double[] w, double[] bias, int m) {
        double[] z = new double[m];
        for (int c = 0; c < m; c++) {
            z[c] = bias[c];
            for (int q = 0; q < u.length; q++) {
                z[c] += u[q] * w[q * m + c];
            }
        }
        return z;
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /**
     * −log p(y | x) of a linear-chain CRF on the emissions z [n][nc], straight from the definition:
     * log Z by the forward algorithm (log-sum-exp in double), minus the score of the gold path.
     */
    private double crfNll(double[][] z, int[] y, int n) {
        int nc = d.nc();
        double[] trans = param("trans"), start = param("start"), end = param("end");
        double[] alpha = new double[nc];
        for (int j = 0; j < nc; j++) {
            alpha[j] = start[j] + z[0][j];
        }
        for (int t = 1; t < n; t++) {
            double[] next = new double[nc];
            for (int j = 0; j < nc; j++) {
                double[] terms = new double[nc];
                for (int i = 0; i < nc; i++) {
                    terms[i] = alpha[i] + trans[i * nc + j];
                }
                next[j] = z[t][j] + logSumExp(terms);
            }
            alpha = next;
        }
        for (int j = 0; j < nc; j++) {
            alpha[j] += end[j];
        }
        double score = start[y[0]] + end[y[n - 1]];
        for (int t = 0; t < n; t++) {
            score += z[t][y[t]] + (t > 0 ? trans[y[t - 1] * nc + y[t]] : 0);
        }
        return logSumExp(alpha) - score;
    }

    static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (double x : v) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum);
    }

    /** The intent head's input from one direction's states: h[last] (pool last), the mean or the max over t. */
    private double[] pool(double[][] h, int n, int nh, int last) {
        if (d.pool() == Pooling.LAST) {
            return h[last];
        }
        double[] u = new double[nh];
        if (d.pool() == Pooling.MAX) {
            java.util.Arrays.fill(u, Double.NEGATIVE_INFINITY);
        }
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < nh; i++) {
                u[i] = d.pool() == Pooling.MAX ? Math.max(u[i], h[t][i]) : u[i] + h[t][i] / n;
            }
        }
        return u;
    }
}
