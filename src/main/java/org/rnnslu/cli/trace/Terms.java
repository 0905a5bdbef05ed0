package org.rnnslu.cli.trace;

import java.util.Arrays;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Pooling;

/**
 * The terms of the network's sums recomputed in double from a step's activations, for showing how a
 * value is made (x_t . wx, dh_t's parts, a row's norm): the numbers shown, not the ones the
 * network used, which come from {@link org.rnnslu.model.Network} itself.
 */
final class Terms {

    /** An embedding row counts as unit length when its norm is within this of 1. */
    private static final double UNIT_TOLERANCE = 1e-4;

    private Terms() {}

    /** v . m for a row v at off and m [rows, cols].   [cols] */
    static double[] product(float[] v, int off, float[] m, int rows, int cols) {
        return product(v, off, m, 0, rows, cols);
    }

    /** v . m for m [rows, cols] starting at mOff of its array.   [cols] */
    static double[] product(float[] v, int off, float[] m, int mOff, int rows, int cols) {
        double[] out = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                out[c] += (double) v[off + i] * m[mOff + i * cols + c];
            }
        }
        return out;
    }

    /** v . m^T for a row v [cols] at off and m [rows, cols].   [rows] */
    static double[] productTransB(float[] v, int off, float[] m, int rows, int cols) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                out[i] += (double) v[off + c] * m[i * cols + c];
            }
        }
        return out;
    }

    /** Row i of the outer product a^T . b of a row a (from aOff) and a row b [k] (from bOff).   [k] */
    static double[] outerRow(float[] a, int aOff, int i, float[] b, int bOff, int k) {
        double[] row = new double[k];
        for (int j = 0; j < k; j++) {
            row[j] = (double) a[aOff + i] * b[bOff + j];
        }
        return row;
    }

    /** Row r of the embeddings after the SGD step, before normalize(): before - lr * g.   [de] */
    static double[] steppedRow(float[] before, float[] grad, int r, int de, float lr) {
        double[] v = new double[de];
        for (int c = 0; c < de; c++) {
            v[c] = before[r * de + c] - lr * grad[r * de + c];
        }
        return v;
    }

    /** The intent head's input u: h at the last step, mean_t h_t or max_t h_t.   [readWidth] */
    static float[] headInput(Activations act, int n, Dims d) {
        int nh = d.nh();
        if (d.pool() != Pooling.LAST) {
            return Arrays.copyOf(act.hPool, d.readWidth());
        }
        float[] u = Arrays.copyOf(Arrays.copyOfRange(act.h, (n - 1) * nh, n * nh), d.readWidth());
        if (d.bidirectional()) { // [h_{n-1}; hb_0]
            System.arraycopy(act.hb, 0, u, nh, nh);
        }
        return u;
    }

    /** dL_intent/dh_t for each step: du = wi . (q - onehot(y)) sent where the pooling read h.   [n][nh] */
    static double[][] headGradient(Params p, Activations act, int intent, int n) {
        Dims d = p.dims;
        int nh = d.nh();
        double[][] dh = new double[n][nh];
        if (!d.hasIntentHead()) {
            return dh;
        }
        double[] du = headInputGradient(p, act, intent);
        for (int i = 0; i < nh; i++) {
            if (d.pool() == Pooling.LAST) {
                dh[n - 1][i] = du[i];
            } else if (d.pool() == Pooling.MEAN) {
                for (int t = 0; t < n; t++) {
                    dh[t][i] = du[i] / n;
                }
            } else {
                dh[act.hArg[i]][i] = du[i];
            }
        }
        return dh;
    }

    /** du = wi . (q - onehot(intent)), the forward half of u.   [nh] */
    private static double[] headInputGradient(Params p, Activations act, int intent) {
        int nh = p.dims.nh();
        int ni = p.dims.ni();
        double[] du = new double[nh];
        for (int i = 0; i < nh; i++) {
            for (int c = 0; c < ni; c++) {
                du[i] += p.wi[i * ni + c] * (act.q[c] - (c == intent ? 1 : 0));
            }
        }
        return du;
    }

    static double norm(float[] a, int off, int len) {
        double s = 0;
        for (int i = off; i < off + len; i++) {
            s += (double) a[i] * a[i];
        }
        return Math.sqrt(s);
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** How many embedding rows are not unit length (a folder saved before any normalize()). */
    static int rowsNotUnit(Params p) {
        int de = p.dims.de();
        int count = 0;
        for (int r = 0; r <= p.dims.ne(); r++) {
            if (Math.abs(norm(p.embeddings, r * de, de) - 1) > UNIT_TOLERANCE) {
                count++;
            }
        }
        return count;
    }

    /** The largest |norm - 1| of the embedding rows. */
    static double maxUnitError(Params p) {
        int de = p.dims.de();
        double max = 0;
        for (int r = 0; r <= p.dims.ne(); r++) {
            max = Math.max(max, Math.abs(norm(p.embeddings, r * de, de) - 1));
        }
        return max;
    }
}
