package org.rnnslu.model;

/**
 * One network's dropout workspace for the pack being trained: each sentence's key and the mask
 * the forward pass drew from it, kept for the backward pass. Grows with the pack like
 * {@link Activations}; a step allocates nothing once the longest pack has been seen.
 * <pre>
 *   keys   [B]          the key of the sentence at each sorted position ({@link Dropout#sentenceKey})
 *   input  [W, de*cs]   0 or 1/(1 − P) per element of x (rows time-major, as x); unused at P = 0
 *   maskH, maskHb [W, nh]   0 or 1/(1 − Ph) per element of h (and hb); hidden P > 0 only
 *   h, hb  [W, nh]      the dropped copies h̃, h̃b the output layer and the intent head read
 * </pre>
 */
final class DropoutMasks {

    final Dropout dropout;
    private final int width; // de*cs
    long[] keys = new long[1];
    float[] input = new float[0];
    float[] maskH = new float[0];
    float[] maskHb = new float[0];
    private float[] h = new float[0];
    private float[] hb = new float[0];
    private final int nh;
    private final boolean bidirectional;

    DropoutMasks(Dropout dropout, Dims dims) {
        this.dropout = dropout;
        this.width = dims.inputDim();
        this.nh = dims.nh();
        this.bidirectional = dims.bidirectional();
        if (dropout.hidden > 0 && dims.feedsBackOutput()) {
            throw new IllegalArgumentException("hidden dropout is for the output layer's input: not with recurrence="
                    + dims.arch().recurrence().id() + ", whose output feeds back into the recurrence");
        }
    }

    /** Whether x is dropped (P > 0). */
    boolean dropsInput() {
        return dropout.input > 0;
    }

    /** Whether the hidden states the output layer reads are dropped (Ph > 0). */
    boolean dropsHidden() {
        return dropout.hidden > 0;
    }

    /** Room for the keys of a pack of {@code sentences}. */
    void ensureSentences(int sentences) {
        if (keys.length < sentences) {
            keys = new long[Math.max(sentences, 2 * keys.length)];
        }
    }

    /**
     * Draws the mask of every row from its sentence's key and applies it to x in place:
     * x̃[row(pos, t), j] = m · x, m = 0 or 1/(1 − P) by the draw of element t·de·cs + j of the
     * sentence at pos.
     */
    void dropInput(Activations act) {
        if (input.length < act.words * width) {
            input = new float[Math.max(act.words, 2 * input.length / width) * width];
        }
        for (int pos = 0; pos < act.sentences; pos++) {
            long key = keys[pos];
            for (int t = 0; t < act.length[pos]; t++) {
                int base = act.row(pos, t) * width;
                long i = (long) t * width; // the element's place in its sentence
                long pair = (i & 1) == 1 ? Dropout.pair(key, i >>> 1) : 0; // a row may start at an odd place
                for (int j = 0; j < width; j++, i++) {
                    if ((i & 1) == 0) {
                        pair = Dropout.pair(key, i >>> 1);
                    }
                    float m = dropout.factor(Dropout.draw(pair, i));
                    input[base + j] = m;
                    act.x[base + j] *= m;
                }
            }
        }
    }

    /**
     * The output layer's and the intent head's input: h̃ = mh ⊙ h (and h̃b), copies of the states the
     * recurrences carry on undropped; act.hOut and act.hbOut point at them until the next forward.
     * Hidden element t·readWidth + j of the sentence at pos, drawn from its hidden key.
     */
    void dropHidden(Activations act) {
        int len = act.words * nh;
        if (h.length < len) {
            int cap = Math.max(act.words, 2 * h.length / nh) * nh;
            h = new float[cap];
            maskH = new float[cap];
            hb = new float[bidirectional ? cap : 0];
            maskHb = new float[bidirectional ? cap : 0];
        }
        int readWidth = bidirectional ? 2 * nh : nh;
        for (int pos = 0; pos < act.sentences; pos++) {
            long key = Dropout.hiddenKey(keys[pos]);
            for (int t = 0; t < act.length[pos]; t++) {
                int base = act.row(pos, t) * nh;
                long i = (long) t * readWidth;
                i = dropRow(key, i, act.h, maskH, h, base);
                if (bidirectional) {
                    dropRow(key, i, act.hb, maskHb, hb, base);
                }
            }
        }
        act.hOut = h;
        act.hbOut = bidirectional ? hb : act.hbOut;
    }

    /** out[base ..+nh) = mask ⊙ in, the mask drawn for hidden places i ..; returns the next place. */
    private long dropRow(long key, long i, float[] in, float[] mask, float[] out, int base) {
        long pair = (i & 1) == 1 ? Dropout.pair(key, i >>> 1) : 0;
        for (int j = 0; j < nh; j++, i++) {
            if ((i & 1) == 0) {
                pair = Dropout.pair(key, i >>> 1);
            }
            float m = dropout.hiddenFactor(Dropout.draw(pair, i));
            mask[base + j] = m;
            out[base + j] = in[base + j] * m;
        }
        return i;
    }

    /** dh = mh ⊙ dh̃ (and dhb) on the first {@code words} rows, before the recurrences add their carry.   [W, nh] */
    void backHidden(Backward.Scratch s, int words) {
        for (int i = 0; i < words * nh; i++) {
            s.dh[i] *= maskH[i];
        }
        for (int i = 0; bidirectional && i < words * nh; i++) {
            s.dhb[i] *= maskHb[i];
        }
    }

    /** dx = m ⊙ dx̃ on the first {@code words} rows: the gradient reaching x, before Embedding.backward.   [W, de*cs] */
    void backInput(float[] dx, int words) {
        for (int i = 0; i < words * width; i++) {
            dx[i] *= input[i];
        }
    }
}
