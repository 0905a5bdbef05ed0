package org.rnnslu.model;

import java.util.Locale;

/**
 * Which steps of the sentence the loss looks at, and with what label. All objectives share the same
 * forward and backward code: they only fill the per-step targets y_t and weights weight_t of
 * L = Σ_t weight_t · (−log p_t[y_t]).
 */
public enum Objective {
    /** Slot filling, RNNSLU's: y_t = the label of word t, L = mean over t. */
    PER_WORD,
    /** Sentence classification, the user's: y_t = the sentence label at every step, L = mean over t. */
    ALL_STEPS,
    /** Sentence classification read at the last word only: L = −log p_{n−1}[y]. */
    LAST_STEP;

    /** The command-line and model.txt name: per-word, all-steps, last-step. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #id()}; null if unknown. */
    public static Objective parse(String s) {
        for (Objective o : values()) {
            if (o.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        return null;
    }

    /** What a task trains with unless told otherwise: per-word for slots and joint, all-steps for intents. */
    public static Objective defaultFor(Task task) {
        return task == Task.INTENT ? ALL_STEPS : PER_WORD;
    }

    /**
     * Fills targets[0..n) and weights[0..n).
     *
     * @param labels per-word labels (PER_WORD) — ignored otherwise
     * @param sentenceLabel the sentence label (ALL_STEPS, LAST_STEP) — ignored for PER_WORD
     */
    public void fill(int[] labels, int sentenceLabel, int n, int[] targets, float[] weights) {
        fill(labels, sentenceLabel, n, targets, weights, 0);
    }

    /** As {@link #fill(int[], int, int, int[], float[])}, into targets/weights[off .. off+n). */
    public void fill(int[] labels, int sentenceLabel, int n, int[] targets, float[] weights, int off) {
        float mean = 1f / n;
        for (int t = 0; t < n; t++) {
            switch (this) {
                case PER_WORD:
                    targets[off + t] = labels[t];
                    weights[off + t] = mean;
                    break;
                case ALL_STEPS:
                    targets[off + t] = sentenceLabel;
                    weights[off + t] = mean;
                    break;
                default:
                    targets[off + t] = sentenceLabel;
                    weights[off + t] = t == n - 1 ? 1f : 0f;
            }
        }
    }
}
