package org.rnnslu.kernels;

/**
 * Plain-loop kernels: the reference every vector kernel is tested against, the fallback when the
 * incubator module is not readable, and the clearest statement of what each operation computes.
 * Loops are ordered so the innermost one walks memory contiguously (i-k-j for products).
 */
public final class ScalarKernels implements Kernels {

    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void matmulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m) {
        for (int i = 0; i < n; i++) {
            int cRow = cOff + i * m;
            for (int p = 0; p < k; p++) {
                float aip = a[aOff + i * k + p];
                int bRow = bOff + p * m;
                for (int j = 0; j < m; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }

    @Override
    public void matmulTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m) {
        for (int t = 0; t < n; t++) {
            int bRow = bOff + t * m;
            for (int p = 0; p < k; p++) {
                float atp = a[aOff + t * k + p];
                int cRow = cOff + p * m;
                for (int j = 0; j < m; j++) {
                    c[cRow + j] += atp * b[bRow + j];
                }
            }
        }
    }

    @Override
    public void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int m, int k) {
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                c[cOff + i * k + p] = dot(a, aOff + i * m, b, bOff + p * m, m);
            }
        }
    }

    @Override
    public void vecMatAdd(float[] x, int xOff, float[] w, int wOff, float[] y, int yOff, int k, int m) {
        for (int p = 0; p < k; p++) {
            axpy(x[xOff + p], w, wOff + p * m, y, yOff, m);
        }
    }

    @Override
    public void matVec(float[] w, int wOff, float[] x, int xOff, float[] y, int yOff, int k, int m) {
        for (int p = 0; p < k; p++) {
            y[yOff + p] = dot(w, wOff + p * m, x, xOff, m);
        }
    }

    @Override
    public float dot(float[] x, int xOff, float[] y, int yOff, int len) {
        float sum = 0f;
        for (int i = 0; i < len; i++) {
            sum += x[xOff + i] * y[yOff + i];
        }
        return sum;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(float alpha, float[] x, int xOff, int len) {
        for (int i = 0; i < len; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    public void sigmoid(float[] x, int xOff, int len) {
        for (int i = xOff; i < xOff + len; i++) {
            x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        }
    }

    @Override
    public void sigmoidBackward(float[] h, int hOff, float[] dh, int dhOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            float hi = h[hOff + i];
            out[outOff + i] = dh[dhOff + i] * hi * (1f - hi);
        }
    }

    @Override
    public void softmaxRows(float[] x, int xOff, int n, int m) {
        for (int r = 0; r < n; r++) {
            int row = xOff + r * m;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                max = Math.max(max, x[row + j]);
            }
            float sum = 0f;
            for (int j = 0; j < m; j++) {
                float e = (float) Math.exp(x[row + j] - max);
                x[row + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < m; j++) {
                x[row + j] *= inv;
            }
        }
    }

    @Override
    public void addRowBias(float[] x, int xOff, float[] b, int bOff, int n, int m) {
        for (int r = 0; r < n; r++) {
            axpy(1f, b, bOff, x, xOff + r * m, m);
        }
    }

    @Override
    public void sumRowsAdd(float[] x, int xOff, float[] b, int bOff, int n, int m) {
        for (int r = 0; r < n; r++) {
            axpy(1f, x, xOff + r * m, b, bOff, m);
        }
    }

    @Override
    public void normalize(float[] x, int xOff, int len) {
        double sumSq = 0;
        for (int i = xOff; i < xOff + len; i++) {
            sumSq += (double) x[i] * x[i];
        }
        if (sumSq > 0 && Double.isFinite(sumSq)) {
            float inv = (float) (1.0 / Math.sqrt(sumSq));
            scale(inv, x, xOff, len);
        }
    }
}
