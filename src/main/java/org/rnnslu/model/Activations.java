package org.rnnslu.model;

import java.util.Arrays;

/**
 * What the forward pass of a pack of sentences leaves behind for the backward pass (and for the
 * {@code trace} view). A pack is one sentence (per-sentence SGD, tagging) or a mini-batch of B
 * sentences, W words in all, so that everything that does not depend on the recurrence runs as one
 * [W, ·] matrix product.
 *
 * <p>Rows are laid out <em>time-major</em>: the sentences are sorted by length (longest first,
 * ties in pack order) and row {@code row(p, t)} = {@code blockStart[t] + p} holds word t of the
 * sentence at sorted position p. The sentences still running at step t are then a prefix
 * 0 .. active(t) of the positions, so step t's rows form one contiguous block and the recurrence of
 * all of them is one [active, nh]·[nh, nh] product that reads wh once. For a single sentence the
 * layout is simply row t = word t.
 *
 * <pre>
 *   idxs   [W, cs]         the context-window word indices (-1 = padding), Theano's idxs
 *   x      [W, de*cs]      the window embeddings concatenated, Theano's x
 *   h      [W, nh]         h_t of every word (the forward pass forms a_t there first, then sigmoid in place)
 *   hPrev  [W, nh]         the h_{t-1} each step used: h0 at a sentence's first word
 *   p      [W, nc]         softmax outputs, Theano's s[:, 0, :] (z first, then softmax in place)
 *   z      [W, nc]         a CRF output's emission scores h·w + b, before the softmax (empty otherwise)
 *   q      [B, ni]         the intent head's softmax per sentence (by position)
 *   hPool  [B, nh]         the head's input mean_t h_t or max_t h_t per sentence (pool = mean, max)
 *   hArg   [B, nh]         pool = max: the step t each unit's maximum came from
 * </pre>
 * A bidirectional network also keeps its right-to-left recurrence's states, and its pooled head
 * inputs are [B, 2nh] (the forward half, then the backward half):
 * <pre>
 *   hb     [W, nh]         hb_t of every word (the backward direction; ab_t first, as h)
 *   hbNext [W, nh]         the hb_{t+1} each step used: h0b at a sentence's last word
 * </pre>
 * {@code hOut} and {@code hbOut} are what the output layer and the intent head read: h and hb
 * themselves, or in a training step with hidden dropout their dropped copies ({@link Dropout}).
 * A Jordan or hybrid network keeps what each step fed back (a hybrid's hPrev too):
 * <pre>
 *   sPrev  [W, nc]         the s_{t-1} = p_{t-1} each step used: s0 at a sentence's first word
 * </pre>
 */
public final class Activations {

    final Dims dims;
    int words;
    int sentences;
    int steps;          // the longest sentence's length
    int capacity;
    int sentenceCapacity;
    /** packIndex[p]: which sentence of the pack (0 .. B-1, in the order given) sits at sorted position p. */
    int[] packIndex;
    /** length[p]: the length of the sentence at sorted position p (non-increasing in p). */
    int[] length;
    /** blockStart[t]: the first row of step t; blockStart[steps] = W. */
    int[] blockStart;
    /** The words of the sentence at position p, at wordsOf[sentenceStart[p] ..), sentence-major. */
    int[] wordsOf;
    int[] sentenceStart;
    /** One sentence's windows before they are scattered to their rows.   [n, cs] */
    int[] windowScratch;
    /** True when idxs was given by {@link #packWindows} and the forward pass must not recompute it. */
    boolean windowsGiven;
    public int[] idxs;
    public float[] x;
    public float[] h;
    public float[] hPrev;
    public float[] p;
    public float[] z;
    public float[] q;
    public float[] hPool;
    public int[] hArg;
    public float[] hb;
    public float[] hbNext;
    /** What the output layer and the intent head read: h and hb, or in training their dropped copies. */
    float[] hOut;
    float[] hbOut;
    public float[] sPrev;

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

    /** The row of word t of the sentence at sorted position pos. */
    public int row(int pos, int t) {
        return blockStart[t] + pos;
    }

    /** How many sentences are still running at step t: positions 0 .. active(t) − 1. */
    public int active(int t) {
        return blockStart[t + 1] - blockStart[t];
    }

    /** How many sentences still run at step t + 1 (0 after the longest one's last word). */
    public int activeAfter(int t) {
        return t + 1 < steps ? active(t + 1) : 0;
    }

    /** The longest sentence's length: the number of time steps of the pack. */
    public int steps() {
        return steps;
    }

    /** The sorted position of the pack's sentence i (inverse of the sort), for mapping results back. */
    public int positionOf(int i) {
        for (int pos = 0; pos < sentences; pos++) {
            if (packIndex[pos] == i) {
                return pos;
            }
        }
        throw new IllegalArgumentException("no sentence " + i + " in the pack");
    }

    /** Which sentence of the pack (in the order given) sits at sorted position pos. */
    public int packIndex(int pos) {
        return packIndex[pos];
    }

    /** Length of the sentence at sorted position pos. */
    public int lengthAt(int pos) {
        return length[pos];
    }

    /** Packs one sentence words[0..n). */
    public void packOne(int[] sentence, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a sentence needs at least one word");
        }
        ensureCapacity(n, 1);
        System.arraycopy(sentence, 0, wordsOf, 0, n);
        windowsGiven = false;
        sentences = 1;
        words = n;
        packIndex[0] = 0;
        length[0] = n;
        sentenceStart[0] = 0;
        layOut();
    }

    /**
     * Packs one call whose context windows are given as they are, not computed from a sentence:
     * idxs[0 .. n*cs), row t = the cs word indices of step t (-1, or ne, is the padding row), as
     * the tutorial's {@code idxs} matrix holds them. is13's minibatches are such calls: the windows
     * of the last few words of a sentence, whose padding is not that of a sentence of their own.
     */
    public void packWindows(int[] windows, int n) {
        int cs = dims.cs();
        if (n < 1 || windows.length < (long) n * cs) {
            throw new IllegalArgumentException("idxs needs n >= 1 rows of " + cs + " indices, got n = " + n
                    + " and " + windows.length + " indices");
        }
        for (int i = 0; i < n * cs; i++) {
            if (windows[i] < -1 || windows[i] > dims.ne()) {
                throw new IllegalArgumentException("idxs[" + i / cs + "][" + i % cs + "] = " + windows[i]
                        + " is outside -1 .. " + dims.ne() + " (the embedding rows)");
            }
        }
        ensureCapacity(n, 1);
        System.arraycopy(windows, 0, idxs, 0, n * cs);
        windowsGiven = true;
        sentences = 1;
        words = n;
        packIndex[0] = 0;
        length[0] = n;
        sentenceStart[0] = 0;
        layOut();
    }

    /** Packs sentences all[order[from]], ..., all[order[to-1]] (pack index i = order position from + i). */
    public void pack(int[][] all, int[] order, int from, int to) {
        int len = 0;
        for (int i = from; i < to; i++) {
            if (all[order[i]].length < 1) {
                throw new IllegalArgumentException("sentence " + order[i] + " has no words");
            }
            len += all[order[i]].length;
        }
        int count = to - from;
        ensureCapacity(len, count);
        windowsGiven = false;
        sentences = count;
        words = len;
        for (int i = 0; i < count; i++) {
            packIndex[i] = i;
        }
        sortByLengthDescending(all, order, from, count);
        int w = 0;
        for (int pos = 0; pos < count; pos++) {
            int[] s = all[order[from + packIndex[pos]]];
            length[pos] = s.length;
            sentenceStart[pos] = w;
            System.arraycopy(s, 0, wordsOf, w, s.length);
            w += s.length;
        }
        layOut();
    }

    /** Insertion sort of packIndex by length, longest first, stable (deterministic, no allocation). */
    private void sortByLengthDescending(int[][] all, int[] order, int from, int count) {
        for (int i = 1; i < count; i++) {
            int v = packIndex[i];
            int len = all[order[from + v]].length;
            int j = i - 1;
            while (j >= 0 && all[order[from + packIndex[j]]].length < len) {
                packIndex[j + 1] = packIndex[j];
                j--;
            }
            packIndex[j + 1] = v;
        }
    }

    /** blockStart from the (sorted) lengths. */
    private void layOut() {
        steps = length[0];
        int pos = sentences;
        int row = 0;
        for (int t = 0; t < steps; t++) {
            while (pos > 0 && length[pos - 1] <= t) {
                pos--;
            }
            blockStart[t] = row;
            row += pos;
        }
        blockStart[steps] = row;
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
        wordsOf = new int[cap];
        blockStart = new int[cap + 1];
        windowScratch = new int[cap * dims.cs()];
        idxs = new int[cap * dims.cs()];
        x = new float[cap * dims.inputDim()];
        h = new float[cap * dims.nh()];
        hPrev = new float[cap * dims.nh()];
        p = new float[cap * dims.nc()];
        int backward = dims.bidirectional() ? cap * dims.nh() : 0;
        hb = new float[backward];
        hbNext = new float[backward];
        sPrev = new float[dims.feedsBackOutput() ? cap * dims.nc() : 0];
        z = new float[Params.isCrf(dims) ? cap * dims.nc() : 0];
    }

    private void allocateSentences(int cap) {
        sentenceCapacity = cap;
        packIndex = new int[cap];
        length = new int[cap];
        sentenceStart = new int[cap];
        q = new float[cap * dims.ni()];
        boolean pooled = dims.hasIntentHead() && dims.pool() != Pooling.LAST;
        hPool = new float[pooled ? cap * dims.readWidth() : 0];
        hArg = new int[pooled && dims.pool() == Pooling.MAX ? cap * dims.readWidth() : 0];
    }

    @Override
    public String toString() {
        return "Activations[W=" + words + ", B=" + sentences + ", lengths=" + Arrays.toString(Arrays.copyOf(length, sentences)) + "]";
    }
}
