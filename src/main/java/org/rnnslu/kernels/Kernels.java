package org.rnnslu.kernels;

/**
 * The dense operations the model needs, on float32 row-major arrays.
 *
 * <p>Two implementations exist: {@link ScalarKernels} (plain loops: the reference, and what runs
 * when {@code jdk.incubator.vector} is not readable) and the Panama Vector API twin in
 * {@code org.rnnslu.kernels.panama}, the only package that imports {@code jdk.incubator.vector}.
 * {@link KernelProvider#get()} picks one (the vector kernels when the module is readable and C2 is on).
 *
 * <p>Conventions: every matrix is row-major and contiguous (the leading dimension is its column
 * count), addressed from an offset so callers can pass a slice of a larger buffer. Shapes are given
 * in the order {@code [rows, cols]}. Methods named {@code ...Add} accumulate ({@code +=}) into their
 * output; the others overwrite it. Implementations must be deterministic (same inputs, same bits)
 * and must not allocate.
 */
public interface Kernels {

    /** A short name for logs: "scalar" or "vector(256 bit)". */
    String name();

    /** How the implementation configured itself (its vector width, and why), for the provider's log line; may be empty. */
    default String configuration() {
        return "";
    }

    // ---- matrix-matrix (whole-sentence) products ------------------------------------------

    /** C[n,m] += A[n,k] · B[k,m]. (input projection X·wx, output layer H·w) */
    void matmulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m);

    /** C[k,m] += Aᵀ · B with A[n,k], B[n,m]. (weight gradients: dwx = Xᵀ·dA, dw = Hᵀ·dZ) */
    void matmulTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m);

    /** C[n,k] = A[n,m] · Bᵀ with B[k,m]. (back-propagated inputs: dH = dZ·wᵀ, dX = dA·wxᵀ) */
    void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int m, int k);

    // ---- matrix-vector ----------------------------------------------------------------------

    /** y[m] += x[k] · W[k,m]. (recurrence: a_t += h_{t-1}·wh) */
    void vecMatAdd(float[] x, int xOff, float[] w, int wOff, float[] y, int yOff, int k, int m);

    /** y[k] = W[k,m] · x[m]. (BPTT: dh_{t-1} = wh·da_t) */
    void matVec(float[] w, int wOff, float[] x, int xOff, float[] y, int yOff, int k, int m);

    // ---- vector ---------------------------------------------------------------------------------

    /** Σ x[i]·y[i] over len elements. */
    float dot(float[] x, int xOff, float[] y, int yOff, int len);

    /** y[i] += alpha·x[i]. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

    /** x[i] *= alpha. */
    void scale(float alpha, float[] x, int xOff, int len);

    /** x[i] = 1 / (1 + exp(-x[i])), in place. */
    void sigmoid(float[] x, int xOff, int len);

    /** out[i] = dh[i]·h[i]·(1 − h[i]): the gradient through h = sigmoid(a), given h and dL/dh. */
    void sigmoidBackward(float[] h, int hOff, float[] dh, int dhOff, float[] out, int outOff, int len);

    /** Each of the n rows of x[n,m] replaced by its softmax (max-subtracted), in place. */
    void softmaxRows(float[] x, int xOff, int n, int m);

    /** Adds the bias row b[m] to each of the n rows of x[n,m]. */
    void addRowBias(float[] x, int xOff, float[] b, int bOff, int n, int m);

    /** b[m] += Σ_rows x[n,m]: the column sums, i.e. a bias gradient. */
    void sumRowsAdd(float[] x, int xOff, float[] b, int bOff, int n, int m);

    /** Scales x[len] to unit L2 norm; a zero (or non-finite-norm) row is left unchanged. */
    void normalize(float[] x, int xOff, int len);
}
