package org.rnnslu.cli.trace;

import java.util.Locale;

/** Section 5, y_pred [n]: each row's predicted label (argmax p, or the CRF's Viterbi path) and its target. */
final class PredictionSection {

    private PredictionSection() {}

    static void print(Report out, Names names, Step s) {
        int n = s.n();
        if (s.isCrf()) {
            out.section("5. y_pred = the Viterbi path: argmax_y score(y) with the transitions above", "shape [n] = [" + n + "]");
        } else {
            out.section("5. y_pred = T.argmax(p_y_given_x_sentence, axis=1)", "shape [n] = [" + n + "]");
        }
        for (int t = 0; t < n; t++) {
            out.line(String.format(Locale.ROOT, "t=%-2d %-18s predicted %-28s target %s", t, names.row(s.call, t),
                    names.label(s.predicted()[t]), names.label(s.call.labels()[t])));
        }
    }
}
