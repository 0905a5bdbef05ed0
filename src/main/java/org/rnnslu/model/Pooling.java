package org.rnnslu.model;

import java.util.Locale;

/**
 * How a sentence-level output reads the sentence's per-word vectors: the last one, their mean, or
 * their maximum unit by unit. Used by the intent head (which vector q reads: h_{n−1}, mean_t h_t or
 * max_t h_t) and by the intent task's readout of the per-word softmax (p at the last word, or mean_t p_t).
 */
public enum Pooling {
    /** The vector at the last word (the tutorial's label_last_word). */
    LAST,
    /** The mean over the sentence's words. */
    MEAN,
    /** The maximum over the sentence's words, unit by unit (intent head only). */
    MAX;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "last" / "mean" / "max"; null if unknown. */
    public static Pooling parse(String s) {
        for (Pooling p : values()) {
            if (p.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }
}
