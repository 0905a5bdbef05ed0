package org.rnnslu.cli.trace;

import java.util.Locale;

/** Section 6 of a CRF model: the sentence loss (1/n) * (log Z - score(y)) and what its gradients are. */
final class CrfLossSection {

    private CrfLossSection() {}

    static void print(Report out, Step s) {
        CrfNumbers crf = s.crf();
        out.section("6. loss = (1/n) * -log p(y | x) = (1/n) * (log Z - score(y))   (the CRF's sentence loss)", null);
        out.line(String.format(Locale.ROOT, "score(y) = %.6f   log Z = %.6f   p(y | x) = %.6f   n = %d", crf.goldScore(),
                crf.logZ(), Math.exp(crf.goldScore() - crf.logZ()), s.n()));
        out.line("dz[t] = (1/n) * (P(y_t = . | x) - onehot(y_t)); dtrans, dstart, dend: marginals minus the path's counts");
        out.line(String.format(Locale.ROOT, "loss = %.6f", s.loss));
    }
}
