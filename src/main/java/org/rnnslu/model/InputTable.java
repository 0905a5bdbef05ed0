package org.rnnslu.model;

import org.rnnslu.kernels.Kernels;

/**
 * The input projection of a model that no longer changes, precomputed per vocabulary row. Since
 * x_t is the concatenation of cs embedding rows,
 * <pre>
 *   x_t · wx = Σ_j emb[idxs[t, j]] · wx[j·de .. (j+1)·de, :]
 *   table[j, v] = emb[v] · wx[j·de .. (j+1)·de, :]          [cs, ne+1, nh]
 *   x_t · wx = Σ_j table[j, idxs[t, j]]
 * </pre>
 * so a word's de·cs·nh multiply-adds (70,000 at the tutorial's sizes) become cs row additions (7 × 200)
 * once the table is built, which costs as much as projecting ne+1 words. Inference only (tag, eval):
 * it is the parameters' value when built, and training needs x itself for dwx. The sums run in another
 * order than the matrix product's, so activations agree with {@link Forward} to float rounding.
 * A bidirectional network's table holds a second one, of wxb, after the first:
 * {@code [2, cs, ne+1, nh]}, and the pack's hb gets its rows as h gets the first's.
 */
public final class InputTable {

    /** Tables above this many floats (64 MB) are not built: the plain product is used instead. */
    public static final long MAX_FLOATS = 16L << 20;

    private final Dims dims;
    private final float[] rows; // [directions, cs, ne+1, nh]

    private InputTable(Dims dims, float[] rows) {
        this.dims = dims;
        this.rows = rows;
    }

    /** The table of {@code p} as it is now, or null when it would exceed {@link #MAX_FLOATS}. */
    public static InputTable build(Kernels k, Params p) {
        Dims d = p.dims;
        int vocab = d.ne() + 1; // the padding row too
        int directions = d.bidirectional() ? 2 : 1;
        long size = (long) directions * d.cs() * vocab * d.nh();
        if (size > MAX_FLOATS) {
            return null;
        }
        float[] rows = new float[(int) size];
        int slot = vocab * d.nh();
        for (int dir = 0; dir < directions; dir++) {
            float[] wx = dir == 0 ? p.wx : p.wxb;
            for (int j = 0; j < d.cs(); j++) {
                // table[dir, j] = emb · wx[j·de .. (j+1)·de, :]      [ne+1, de]·[de, nh]
                k.matmulAdd(p.embeddings, 0, wx, j * d.de() * d.nh(), rows, (dir * d.cs() + j) * slot, vocab, d.de(),
                        d.nh());
            }
        }
        return new InputTable(d, rows);
    }

    /**
     * a_t = bias + Σ_j table[dir, j, idxs[t, j]] into h for the W words of the pack (index −1: the
     * padding row): dir 0 with bh into h, dir 1 (bidirectional) with bhb into hb.   [W, nh]
     */
    void project(Kernels k, float[] bias, float[] h, int dir, Activations act) {
        int nh = dims.nh();
        int cs = dims.cs();
        int slot = (dims.ne() + 1) * nh;
        for (int t = 0; t < act.words; t++) {
            System.arraycopy(bias, 0, h, t * nh, nh);
            for (int j = 0; j < cs; j++) {
                int idx = act.idxs[t * cs + j];
                int row = idx < 0 ? dims.padRow() : idx;
                k.axpy(1f, rows, (dir * cs + j) * slot + row * nh, h, t * nh, nh);
            }
        }
    }

    /** True if this table was built for a network of these sizes and directions. */
    boolean fits(Dims d) {
        return d.ne() == dims.ne() && d.cs() == dims.cs() && d.nh() == dims.nh() && d.de() == dims.de()
                && d.bidirectional() == dims.bidirectional();
    }
}
