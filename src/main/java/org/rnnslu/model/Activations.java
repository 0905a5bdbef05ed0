package org.rnnslu.model;

/**
 * What the forward pass of a pack of sentences leaves behind for the backward pass (and for the
 * {@code trace} view). A pack is one sentence (per-sentence SGD, tagging) or a mini-batch of B
 * sentences laid one after another, W words in all: everything that does not depend on the
 * recurrence then runs as one [W, ·] matrix product. Buffers are sized for a capacity and grow only
 * when a longer pack arrives, so the per-word loop allocates nothing.
 *
 * <pre>
 *   words  [W]             the word indices, sentence b at words[starts[b] .. starts[b+1])
 *   idxs   [W, cs]         the context-window word indices (-1 = padding), Theano's idxs
 *   x      [W, de*cs]      the window embeddings concatenated, Theano's x
 *   h      [W, nh]         h_t of every word
 *   hPrev  [W, nh]         the h_{t-1} each step used: h0 at a sentence's first word
 *   p      [W, nc]         softmax outputs, Theano's s[:, 0, :]
 *   q      [B, ni]         the joint model's intent softmax on each sentence's last h
 * </pre>
 */
public final class Activations {

    final Dims dims;
    int words;
    int sentences;
    int capacity;
    int sentenceCapacity;
    public int[] packed;
    public int[] starts;
    public int[] idxs;
    public float[] x;
    public float[] h;
    public float[] hPrev;
    public float[] p;
    public float[] q;

    public Activations(Dims dims, int capacity) {
        this.dims = dims;
        allocate(Math.max(1, capacity));
        allocateSentences(1);
    }

    /** Words in the pack last run forward (W; n for a single sentence). */
    public int length() {
        return words;
    }

    /** Sentences in the pack last run forward (B). */
    public int sentences() {
        return sentences;
    }

    /** First word of sentence b; {@code start(sentences())} is W. */
    public int start(int b) {
        return starts[b];
    }

    /** Packs one sentence words[0..n). */
    public void packOne(int[] sentence, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a sentence needs at least one word");
        }
        ensureCapacity(n, 1);
        System.arraycopy(sentence, 0, packed, 0, n);
        sentences = 1;
        words = n;
        starts[0] = 0;
        starts[1] = n;
    }

    /** Packs sentences all[order[from]], ..., all[order[to-1]] one after another. */
    public void pack(int[][] all, int[] order, int from, int to) {
        int len = 0;
        for (int i = from; i < to; i++) {
            if (all[order[i]].length < 1) {
                throw new IllegalArgumentException("sentence " + order[i] + " has no words");
            }
            len += all[order[i]].length;
        }
        ensureCapacity(len, to - from);
        int w = 0;
        for (int i = from; i < to; i++) {
            int[] s = all[order[i]];
            starts[i - from] = w;
            System.arraycopy(s, 0, packed, w, s.length);
            w += s.length;
        }
        sentences = to - from;
        starts[sentences] = w;
        words = w;
    }

    /** Makes room for a pack of {@code count} sentences and {@code len} words. */
    void ensureCapacity(int len, int count) {
        if (len > capacity) {
            allocate(Math.max(len, capacity * 2));
        }
        if (count > sentenceCapacity) {
            allocateSentences(Math.max(count, sentenceCapacity * 2));
        }
    }

    private void allocate(int cap) {
        capacity = cap;
        packed = new int[cap];
        idxs = new int[cap * dims.cs()];
        x = new float[cap * dims.inputDim()];
        h = new float[cap * dims.nh()];
        hPrev = new float[cap * dims.nh()];
        p = new float[cap * dims.nc()];
    }

    private void allocateSentences(int cap) {
        sentenceCapacity = cap;
        starts = new int[cap + 1];
        q = new float[cap * dims.ni()];
    }
}
