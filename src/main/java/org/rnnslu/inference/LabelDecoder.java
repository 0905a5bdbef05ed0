package org.rnnslu.inference;

import org.rnnslu.model.Activations;
import org.rnnslu.model.Forward;
import org.rnnslu.model.NonFiniteScoresException;

/**
 * Chooses a sentence's labels from its per-word softmax p_t: each word's argmax, or {@link Viterbi}
 * over log p_t under {@link Transitions}; and the k best sequences by Σ_t log p_t. One per thread
 * (it holds the Viterbi workspace); nothing is allocated per sentence once that has grown.
 */
public final class LabelDecoder {

    private final int nc;
    private final Transitions transitions; // null: the per-word argmax
    private final Viterbi.Workspace ws = new Viterbi.Workspace();
    private Transitions none;              // for k-best without a constraint, built on first use

    /**
     * @param nc the labels of the softmax
     * @param transitions the sequence scores over them, or null for the per-word argmax
     */
    public LabelDecoder(int nc, Transitions transitions) {
        if (transitions != null && transitions.labels() != nc) {
            throw new IllegalArgumentException("transitions over " + transitions.labels() + " labels for a softmax of " + nc);
        }
        this.nc = nc;
        this.transitions = transitions;
    }

    /** The decoder of {@code decoding} over these labels. */
    public static LabelDecoder of(Decoding decoding, java.util.List<String> labels) {
        return new LabelDecoder(labels.size(), decoding.transitions(labels));
    }

    /** True when each word's label is its argmax. */
    public boolean isArgmax() {
        return transitions == null;
    }

    /** The labels of the sentence at sorted position pos of act into out[0..n). */
    public void decode(Activations act, int pos, int[] out) {
        int n = act.lengthAt(pos);
        if (transitions == null) {
            for (int t = 0; t < n; t++) {
                out[t] = Forward.argmaxRow(act, act.row(pos, t));
            }
            return;
        }
        Viterbi.best(logProbabilities(act, pos), n, transitions, ws, out);
    }

    /**
     * The k most probable label sequences (allowed by the transitions, or all of them for argmax) of
     * the sentence at pos: sequence r into paths[r*n .. r*n+n), its Σ_t log p_t[y_t] into scores[r].
     * Returns how many (fewer than k only when there are fewer sequences).
     */
    public int nBest(Activations act, int pos, int k, int[] paths, double[] scores) {
        Transitions tr = transitions;
        if (tr == null) {
            if (none == null) {
                none = Transitions.none(nc);
            }
            tr = none;
        }
        return Viterbi.kBest(logProbabilities(act, pos), act.lengthAt(pos), tr, k, ws, paths, scores);
    }

    /**
     * log p_t of the sentence at pos as emissions [n, nc]; a probability that underflowed to 0 reads as
     * the smallest float's log (finite), so that Viterbi still has a valid path to choose.
     */
    private double[] logProbabilities(Activations act, int pos) {
        int n = act.lengthAt(pos);
        double[] e = ws.emissions(n, nc);
        for (int t = 0; t < n; t++) {
            int row = act.row(pos, t) * nc;
            for (int c = 0; c < nc; c++) {
                float p = act.p[row + c];
                if (Float.isNaN(p)) {
                    throw new NonFiniteScoresException("label");
                }
                e[t * nc + c] = Math.log(Math.max(p, Float.MIN_VALUE));
            }
        }
        return e;
    }
}
