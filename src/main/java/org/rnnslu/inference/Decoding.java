package org.rnnslu.inference;

import java.util.List;

/** How a slot model's per-word softmax becomes labels: each word's argmax, or IOB-constrained Viterbi. */
public enum Decoding {
    /** Each word's most probable label, alone (the tutorial's; may emit I-x after O). */
    ARGMAX("argmax"),
    /** The most probable label sequence (sum of log p_t) that is valid IOB. */
    VITERBI("viterbi");

    private final String id;

    Decoding(String id) {
        this.id = id;
    }

    /** As the flag and model.txt spell it. */
    public String id() {
        return id;
    }

    /** The decoding named {@code id}, or null. */
    public static Decoding parse(String id) {
        for (Decoding d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        return null;
    }

    /** The transition scores Viterbi uses over these labels; null for argmax (no sequence decoding). */
    public Transitions transitions(List<String> labels) {
        return this == ARGMAX ? null : Transitions.iob(labels);
    }
}
