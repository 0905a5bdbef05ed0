package org.rnnslu.model;

/**
 * A naive double-precision Elman RNN, written straight from the math with no kernels and no
 * restructuring: the reference the gradient checks differentiate numerically.
 */
final class ReferenceRnn {

    final Dims d;
    final double[][] p; // in params.names() order

    ReferenceRnn(Params params) {
        this.d = params.dims;
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

    /** As {@link #loss} for a call whose windows are given: idxs [n, cs], −1 and ne the padding row. */
    double lossOfWindows(int[] idxs, int n, int[] targets, float[] weights, int intent) {
        double[] emb = p[0], wx = p[1], wh = p[2], w = p[3], bh = p[4], b = p[5], h0 = p[6];
        int de = d.de(), cs = d.cs(), nh = d.nh(), nc = d.nc();
        double[] hPrev = h0.clone();
        double[] hSum = new double[nh];
        double[] hMax = new double[nh];
        java.util.Arrays.fill(hMax, Double.NEGATIVE_INFINITY);
        double loss = 0;
        for (int t = 0; t < n; t++) {
            double[] x = new double[de * cs];
            for (int j = 0; j < cs; j++) {
                int row = idxs[t * cs + j] < 0 ? d.ne() : idxs[t * cs + j];
                for (int c = 0; c < de; c++) {
                    x[j * de + c] = emb[row * de + c];
                }
            }
            double[] h = new double[nh];
            for (int i = 0; i < nh; i++) {
                double a = bh[i];
                for (int q = 0; q < de * cs; q++) {
                    a += x[q] * wx[q * nh + i];
                }
                for (int q = 0; q < nh; q++) {
                    a += hPrev[q] * wh[q * nh + i];
                }
                h[i] = 1 / (1 + Math.exp(-a));
            }
            double[] z = new double[nc];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < nc; c++) {
                z[c] = b[c];
                for (int q = 0; q < nh; q++) {
                    z[c] += h[q] * w[q * nc + c];
                }
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < nc; c++) {
                sum += Math.exp(z[c] - max);
            }
            loss += weights[t] * -(z[targets[t]] - max - Math.log(sum));
            hPrev = h;
            for (int i = 0; i < nh; i++) {
                hSum[i] += h[i];
                hMax[i] = Math.max(hMax[i], h[i]);
            }
        }
        if (d.ni() > 0) {
            double[] wi = p[7], bi = p[8];
            double[] u = hPrev;
            if (d.pool() == Pooling.MEAN) {
                u = new double[nh];
                for (int i = 0; i < nh; i++) {
                    u[i] = hSum[i] / n;
                }
            } else if (d.pool() == Pooling.MAX) {
                u = hMax;
            }
            double[] z = new double[d.ni()];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < d.ni(); c++) {
                z[c] = bi[c];
                for (int q = 0; q < nh; q++) {
                    z[c] += u[q] * wi[q * d.ni() + c];
                }
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < d.ni(); c++) {
                sum += Math.exp(z[c] - max);
            }
            loss += -(z[intent] - max - Math.log(sum));
        }
        return loss;
    }
}
