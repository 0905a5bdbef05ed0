package org.rnnslu.model;

/**
 * One network's dropout workspace for the pack being trained: each sentence's key and the mask
 * the forward pass drew from it, kept for the backward pass. Grows with the pack like
 * {@link Activations}; a step allocates nothing once the longest pack has been seen.
 * <pre>
 *   keys   [B]          the key of the sentence at each sorted position ({@link Dropout#sentenceKey})
 *   input  [W, de*cs]   0 or 1/(1 − P) per element of x (rows time-major, as x)
 * </pre>
 */
final class DropoutMasks {

    final Dropout dropout;
    private final int width; // de*cs
    long[] keys = new long[1];
    float[] input = new float[0];

    DropoutMasks(Dropout dropout, Dims dims) {
        this.dropout = dropout;
        this.width = dims.inputDim();
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

    /** dx = m ⊙ dx̃ on the first {@code words} rows: the gradient reaching x, before Embedding.backward.   [W, de*cs] */
    void backInput(float[] dx, int words) {
        for (int i = 0; i < words * width; i++) {
            dx[i] *= input[i];
        }
    }
}
