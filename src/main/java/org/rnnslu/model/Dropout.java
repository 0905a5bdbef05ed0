package org.rnnslu.model;

/**
 * Inverted dropout, a training-time regulariser: during a training step each element of the
 * network's input windows x is kept with probability 1 − P and scaled by 1/(1 − P), or zeroed;
 * with a hidden P as well, so is each element of the hidden states the output layer and the
 * intent head read (not the ones the recurrence carries to the next step).
 * Inference (tagging, scoring, the trace) never drops anything and reads no mask: a
 * {@link Network} drops only in its training steps, and only once {@link Network#useDropout} is
 * given one.
 * <pre>
 *   m_i   = 1 if u_i ≥ P, else 0     u_i uniform in [0, 1) (32 bits): a hash of (seed, epoch, sentence, i)
 *   x̃     = m ⊙ x / (1 − P)          forward, in place on x after Embedding.forward   [W, de*cs]
 *   dx    = m ⊙ dx̃ / (1 − P)         backward, on dx before it is scattered into the rows
 *   h̃     = mh ⊙ h / (1 − Ph)       hidden: what OutputLayer and IntentHead read    [W, nh] (and hb)
 *   dh   += mh ⊙ dh̃ / (1 − Ph)      their gradient, before the recurrence adds its carry
 * </pre>
 * A hidden element's place is t·readWidth + j ([h_t; hb_t] side by side), drawn from a key of its
 * own derived from the sentence's.
 * i is the element's place in its sentence (word t, column j of x_t: i = t·de·cs + j) and
 * sentence is its index in the training set, so a mask does not depend on how the sentences are
 * packed into batches, which worker ran them, or whether the run was resumed. The hash is
 * SplitMix64's finaliser: a sentence's key is mixed from (seed, epoch, sentence); elements 2k and
 * 2k + 1 take the high and the low 32 bits of mix(key + (k + 1)·γ), the SplitMix64 stream of that
 * key at position k (one hash for two elements), and an element is dropped when its 32 bits, as an
 * unsigned number, are below ⌊P·2^32⌋.
 *
 * @see Network#useDropout
 */
public final class Dropout {

    private static final long GAMMA = 0x9e3779b97f4a7c15L;
    /** Keeps the masks' keys apart from the other streams of the same seed (init, shuffling). */
    private static final long INPUT_STREAM = 0x64726f70696e7075L; // "dropinpu"
    /** Keeps the hidden masks apart from the input masks of the same sentence. */
    private static final long HIDDEN_STREAM = 0x64726f7068696464L; // "drophidd"

    /** P: the probability that an element of x is zeroed, 0 <= P < 1. */
    public final double input;
    /** The training seed the masks are keyed by. */
    public final long seed;
    /** 1/(1 − P), the kept elements' factor. */
    final float inputScale;
    /** ⌊P·2^32⌋: an element is dropped when its 32-bit draw is below this. */
    private final long inputBelow;
    /** Ph: the probability that an element of the hidden states the output layer reads is zeroed. */
    public final double hidden;
    final float hiddenScale;
    private final long hiddenBelow;

    /**
     * @param input P, the drop probability of each element of x (0: nothing dropped)
     * @param seed the training seed
     */
    public Dropout(double input, long seed) {
        this(input, 0, seed);
    }

    /**
     * @param input P, the drop probability of each element of x (0: nothing dropped)
     * @param hidden Ph, that of each element of the hidden states the output layer and the intent
     *     head read (0: nothing dropped)
     * @param seed the training seed
     */
    public Dropout(double input, double hidden, long seed) {
        if (!(input >= 0 && input < 1)) {
            throw new IllegalArgumentException("dropout must be >= 0 and < 1, got " + input);
        }
        if (!(hidden >= 0 && hidden < 1)) {
            throw new IllegalArgumentException("hidden dropout must be >= 0 and < 1, got " + hidden);
        }
        this.input = input;
        this.seed = seed;
        this.inputScale = (float) (1.0 / (1.0 - input));
        this.inputBelow = (long) (input * 0x1p32);
        this.hidden = hidden;
        this.hiddenScale = (float) (1.0 / (1.0 - hidden));
        this.hiddenBelow = (long) (hidden * 0x1p32);
    }

    /** The key of a sentence's hidden masks, from the key of its input masks. */
    static long hiddenKey(long sentenceKey) {
        return mix(sentenceKey ^ HIDDEN_STREAM);
    }

    /** Whether hidden element i of the sentence with this (hidden) key is dropped. */
    boolean hiddenDropped(long hiddenKey, long i) {
        return hiddenFactor(draw(pair(hiddenKey, i >>> 1), i)) == 0f;
    }

    /** {@link #factor} for the hidden states: 0 or 1/(1 − Ph). */
    float hiddenFactor(long draw) {
        return factor(draw, hiddenBelow, hiddenScale);
    }

    /** The key of one sentence's masks in one epoch: all its draws depend on, besides their place. */
    public long sentenceKey(int epoch, int sentence) {
        return mix(mix(mix(seed ^ INPUT_STREAM) + GAMMA * (epoch + 1L)) + GAMMA * (sentence + 1L));
    }

    /** Whether element i of the sentence with this key is dropped (its draw u_i < P). */
    boolean dropped(long key, long i) {
        return factor(draw(pair(key, i >>> 1), i)) == 0f;
    }

    /** The 64 random bits of elements 2k and 2k + 1 of the sentence with this key. */
    static long pair(long key, long k) {
        return mix(key + GAMMA * (k + 1));
    }

    /** Element i's 32 bits of its pair's: the high half for even i, the low half for odd i. */
    static long draw(long pair, long i) {
        return (pair >>> ((~i & 1) << 5)) & 0xffffffffL;
    }

    /** 0 for a draw below ⌊P·2^32⌋ (dropped), else 1/(1 − P); without a branch, as draws are random. */
    float factor(long draw) {
        return factor(draw, inputBelow, inputScale);
    }

    private static float factor(long draw, long below, float scale) {
        long kept = 1 - ((draw - below) >>> 63); // draw − below < 0: dropped
        return scale * kept;
    }

    /** 1/(1 − P) as the forward pass multiplies by it. */
    public float keptScale() {
        return inputScale;
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "dropout=" + input + (hidden > 0 ? " dropout_hidden=" + hidden : "");
    }
}
