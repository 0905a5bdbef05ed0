package org.rnnslu.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scalar reference against naive double-precision definitions written straight from the
 * {@link Kernels} javadoc (no shared loops, offsets included), so the vector tests compare against
 * something known to be right.
 */
class ScalarKernelsTest {

    final Kernels k = ScalarKernels.INSTANCE;
    final SplittableRandom rnd = new SplittableRandom(2024);

    float[] rand(int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    static void close(double expected, float actual, int terms, String what) {
        assertEquals(expected, actual, 1e-5 * Math.sqrt(terms + 1.0) * (1 + Math.abs(expected)), what);
    }

    @Test
    void nameIsScalar() {
        assertThat(k.name()).isEqualTo("scalar");
    }

    @Test
    void products() {
        int n = 5, kk = 7, m = 9, off = 3;
        float[] a = rand(off + n * kk), b = rand(off + kk * m), c = rand(off + n * m);
        float[] c0 = c.clone();
        k.matmulAdd(a, off, b, off, c, off, n, kk, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = c0[off + i * m + j];
                for (int p = 0; p < kk; p++) {
                    s += (double) a[off + i * kk + p] * b[off + p * m + j];
                }
                close(s, c[off + i * m + j], kk, "matmulAdd");
            }
        }
        // C[k,m] += Aᵀ·B, A[n,k], B[n,m]
        float[] bt = rand(off + n * m), g = rand(off + kk * m);
        float[] g0 = g.clone();
        k.matmulTransAAdd(a, off, bt, off, g, off, n, kk, m);
        for (int p = 0; p < kk; p++) {
            for (int j = 0; j < m; j++) {
                double s = g0[off + p * m + j];
                for (int t = 0; t < n; t++) {
                    s += (double) a[off + t * kk + p] * bt[off + t * m + j];
                }
                close(s, g[off + p * m + j], n, "matmulTransAAdd");
            }
        }
        // C[n,k] = A[n,m]·Bᵀ, B[k,m]
        float[] am = rand(off + n * m), bk = rand(off + kk * m), out = rand(off + n * kk);
        k.matmulTransB(am, off, bk, off, out, off, n, m, kk);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < kk; p++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += (double) am[off + i * m + j] * bk[off + p * m + j];
                }
                close(s, out[off + i * kk + p], m, "matmulTransB");
            }
        }
    }

    @Test
    void matrixVector() {
        int kk = 6, m = 11, off = 2;
        float[] x = rand(off + kk), w = rand(off + kk * m), y = rand(off + m);
        float[] y0 = y.clone();
        k.vecMatAdd(x, off, w, off, y, off, kk, m);
        for (int j = 0; j < m; j++) {
            double s = y0[off + j];
            for (int p = 0; p < kk; p++) {
                s += (double) x[off + p] * w[off + p * m + j];
            }
            close(s, y[off + j], kk, "vecMatAdd");
        }
        float[] xm = rand(off + m), yk = rand(off + kk);
        k.matVec(w, off, xm, off, yk, off, kk, m);
        for (int p = 0; p < kk; p++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += (double) w[off + p * m + j] * xm[off + j];
            }
            close(s, yk[off + p], m, "matVec");
        }
    }

    @Test
    void vectorOps() {
        int len = 13, off = 4;
        float[] x = rand(off + len), y = rand(off + len);
        double d = 0;
        for (int i = 0; i < len; i++) {
            d += (double) x[off + i] * y[off + i];
        }
        close(d, k.dot(x, off, y, off, len), len, "dot");

        float[] y1 = y.clone();
        k.axpy(0.5f, x, off, y1, off, len);
        for (int i = 0; i < len; i++) {
            close(y[off + i] + 0.5 * x[off + i], y1[off + i], 1, "axpy");
        }
        float[] x1 = x.clone();
        k.scale(-3f, x1, off, len);
        for (int i = 0; i < len; i++) {
            close(-3.0 * x[off + i], x1[off + i], 1, "scale");
        }
        float[] s = x.clone();
        k.sigmoid(s, off, len);
        for (int i = 0; i < len; i++) {
            close(1 / (1 + Math.exp(-x[off + i])), s[off + i], 1, "sigmoid");
        }
        float[] out = new float[off + len];
        k.sigmoidBackward(s, off, y, off, out, off, len);
        for (int i = 0; i < len; i++) {
            double h = s[off + i];
            close(y[off + i] * h * (1 - h), out[off + i], 1, "sigmoidBackward");
        }
        float[] nrm = x.clone();
        k.normalize(nrm, off, len);
        double ss = 0;
        for (int i = 0; i < len; i++) {
            ss += (double) x[off + i] * x[off + i];
        }
        for (int i = 0; i < len; i++) {
            close(x[off + i] / Math.sqrt(ss), nrm[off + i], len, "normalize");
        }
        float[] z = new float[5];
        k.normalize(z, 0, 5);
        assertThat(z).containsOnly(0f);
        for (int i = 0; i < off; i++) { // nothing before the slice was touched
            assertThat(nrm[i]).isEqualTo(x[i]);
            assertThat(s[i]).isEqualTo(x[i]);
        }
    }

    @Test
    void rowOps() {
        int n = 3, m = 10, off = 1;
        float[] x = rand(off + n * m), b = rand(off + m);
        float[] sm = x.clone();
        k.softmaxRows(sm, off, n, m);
        for (int r = 0; r < n; r++) {
            double z = 0;
            for (int j = 0; j < m; j++) {
                z += Math.exp(x[off + r * m + j]);
            }
            for (int j = 0; j < m; j++) {
                close(Math.exp(x[off + r * m + j]) / z, sm[off + r * m + j], m, "softmaxRows");
            }
        }
        float[] xb = x.clone();
        k.addRowBias(xb, off, b, off, n, m);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < m; j++) {
                close((double) x[off + r * m + j] + b[off + j], xb[off + r * m + j], 1, "addRowBias");
            }
        }
        float[] bs = b.clone();
        k.sumRowsAdd(x, off, bs, off, n, m);
        for (int j = 0; j < m; j++) {
            double s = b[off + j];
            for (int r = 0; r < n; r++) {
                s += x[off + r * m + j];
            }
            close(s, bs[off + j], n, "sumRowsAdd");
        }
    }
}
