package org.rnnslu.model;

/**
 * The hyper-parameters that fix the shapes, named as in RNNSLU's {@code model(nh, nc, ne, de, cs)}.
 *
 * @param ne vocabulary size; the embedding table has ne + 1 rows, the last one (index -1 in the
 *           tutorial's Python) is the padding row for window positions outside the sentence
 * @param de embedding dimension
 * @param cs context-window size (odd, >= 1)
 * @param nh hidden units
 * @param nc classes (output labels)
 * @param ni intent classes of the intent head (a second softmax, on the sentence's hidden states);
 *           0 for a network with the tutorial's single head
 * @param pool how the sentence's intent is read: with an intent head, the head's input is h_{n−1}
 *             ({@link Pooling#LAST}), mean_t h_t ({@link Pooling#MEAN}) or max_t h_t unit by unit
 *             ({@link Pooling#MAX}); without one (an intent
 *             model's per-word softmax), the prediction is argmax p_{n−1} or argmax mean_t p_t.
 *             Slot models ignore it (LAST)
 * @param arch  the recurrence, direction and output layer ({@link Architecture#TUTORIAL} unless
 *              chosen otherwise)
 */
public record Dims(int ne, int de, int cs, int nh, int nc, int ni, Pooling pool, Architecture arch) {

    /** The tutorial's architecture with this intent pooling. */
    public Dims(int ne, int de, int cs, int nh, int nc, int ni, Pooling pool) {
        this(ne, de, cs, nh, nc, ni, pool, Architecture.TUTORIAL);
    }

    /** An intent head on the last hidden state (or none, ni = 0). */
    public Dims(int ne, int de, int cs, int nh, int nc, int ni) {
        this(ne, de, cs, nh, nc, ni, Pooling.LAST);
    }

    /** The tutorial's network: one softmax per word, no intent head. */
    public Dims(int ne, int de, int cs, int nh, int nc) {
        this(ne, de, cs, nh, nc, 0);
    }

    public Dims {
        require(ne >= 1, "ne (vocabulary size) must be >= 1, got " + ne);
        require(de >= 1, "de (embedding dimension) must be >= 1, got " + de);
        require(cs >= 1 && cs % 2 == 1, "cs (context window) must be odd and >= 1, got " + cs);
        require(nh >= 1, "nh (hidden units) must be >= 1, got " + nh);
        require(nc >= 1, "nc (classes) must be >= 1, got " + nc);
        require(ni >= 0, "ni (intent classes) must be >= 0, got " + ni);
        require(pool != null, "pool must be last, mean or max, got null");
        require(arch != null, "arch must not be null");
        require(pool != Pooling.MAX || ni > 0, "pool=max needs an intent head (ni >= 1), got ni = " + ni);
        require((long) (ne + 1) * de < Integer.MAX_VALUE && (long) de * cs * nh < Integer.MAX_VALUE
                && (long) nh * Math.max(nh, nc) < Integer.MAX_VALUE, "model too large for float[] parameters");
    }

    /** The same shapes with another architecture. */
    public Dims withArch(Architecture a) {
        return new Dims(ne, de, cs, nh, nc, ni, pool, a);
    }

    /** Width of one window input x_t: the cs embeddings concatenated. */
    public int inputDim() {
        return de * cs;
    }

    /** True when a second recurrence runs right to left beside the first ({@link Architecture.Direction#BI}). */
    public boolean bidirectional() {
        return arch.direction() == Architecture.Direction.BI;
    }

    /**
     * True when h_t reads the previous step's output distribution s_{t−1} (the Jordan and the hybrid
     * recurrences): the output layer then runs inside the steps ({@code JordanRecurrence}).
     */
    public boolean feedsBackOutput() {
        return arch.recurrence().feedsBackOutput();
    }

    /** True when h_t reads h_{t−1} (the Elman and the hybrid recurrences). */
    public boolean feedsBackHidden() {
        return arch.recurrence().feedsBackHidden();
    }

    /** Width of what the output layer and the intent head read: nh, or 2·nh for [h_fwd; h_bwd]. */
    public int readWidth() {
        return bidirectional() ? 2 * nh : nh;
    }

    /** True for the joint model (slots + intent). */
    public boolean hasIntentHead() {
        return ni > 0;
    }

    /** The embedding row that window index -1 selects (Python's negative index): the last one. */
    public int padRow() {
        return ne;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
