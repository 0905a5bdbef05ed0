package org.rnnslu.cli.trace;

import org.rnnslu.model.Objective;

/**
 * One call of sentence_train: the windows idxs [n, cs], the targets as given (labels [n], or one
 * label broadcast), the objective, and the intent target of a model with an intent head.
 *
 * @param words what the user typed per row (--words), or null (--idxs)
 * @param scalarY one label was given for a call of several rows (numpy broadcasts it to every row)
 * @param sentenceLabel the intent target, or the last row's label (is13's label_last_word), or -1
 */
public record Call(int[] idxs, int n, String[] words, int[] labels, boolean scalarY, int sentenceLabel,
                   Objective objective) {

    /** The row t target the objective uses (its own label, or the sentence label). */
    int targetOf(int t) {
        return objective == Objective.PER_WORD ? labels[t] : sentenceLabel;
    }
}
