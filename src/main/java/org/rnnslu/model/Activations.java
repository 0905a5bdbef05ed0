package org.rnnslu.model;

/**
 * What the forward pass of one sentence of n words leaves behind for the backward pass (and for
 * the {@code trace} view). Buffers are sized for a capacity and grow only when a longer sentence
 * arrives, so the per-word loop allocates nothing.
 *
 * <pre>
 *   idxs [n, cs]          the context-window word indices (-1 = padding), Theano's idxs
 *   x    [n, de*cs]       the window embeddings concatenated, Theano's x
 *   hs   [n+1, nh]        row 0 = h0, row t+1 = h_t (so rows 0..n-1 are the h_{t-1} each step used)
 *   p    [n, nc]          softmax outputs, Theano's s[:, 0, :]
 *   q    [ni]             the joint model's intent softmax on h_{n-1}
 * </pre>
 */
public final class Activations {

    final Dims dims;
    int n;
    int capacity;
    public int[] idxs;
    public float[] x;
    public float[] hs;
    public float[] p;
    public final float[] q;

    public Activations(Dims dims, int capacity) {
        this.dims = dims;
        this.q = new float[dims.ni()];
        allocate(Math.max(1, capacity));
    }

    /** Words in the sentence last run forward. */
    public int length() {
        return n;
    }

    /** Offset of h_t (t = -1 .. n-1) in {@link #hs}. */
    public int hOffset(int t) {
        return (t + 1) * dims.nh();
    }

    void ensureCapacity(int len) {
        if (len > capacity) {
            allocate(Math.max(len, capacity * 2));
        }
    }

    private void allocate(int cap) {
        capacity = cap;
        idxs = new int[cap * dims.cs()];
        x = new float[cap * dims.inputDim()];
        hs = new float[(cap + 1) * dims.nh()];
        p = new float[cap * dims.nc()];
    }
}
