package org.rnnslu.cli.trace;

import static org.rnnslu.cli.trace.Values.vec;

import java.util.Locale;
import org.rnnslu.data.LabelSet;
import org.rnnslu.model.Params;

/**
 * Section 4b, a CRF output layer: the emission scores z (the softmax's inputs), the transition scores
 * the forward algorithm and Viterbi use, log Z and each word's marginal P(y_t = c | x).
 */
final class CrfSection {

    private CrfSection() {}

    static void print(Report out, Names names, Step s) {
        Params p = s.before;
        int n = s.n();
        int nc = p.dims.nc();
        LabelSet labels = names.labels();
        out.section("4b. the CRF output layer: score(y) = start[y_0] + sum_t z[t, y_t] + sum_t trans[y_{t-1}, y_t]"
                + " + end[y_{n-1}]", "z [n, nc] = [" + n + ", " + nc + "], trans [nc, nc], start [nc], end [nc]");
        out.line("p above is each word's own softmax; the model's distribution is p(y | x) = exp(score(y)) / Z over");
        out.line("whole label sequences, Z by the forward algorithm (log-sum-exp), the marginals by forward-backward.");
        for (int t = 0; t < n && out.full; t++) {
            out.line("z[" + t + "] = " + vec(out, s.act.z, t * nc, nc));
        }
        if (out.full) {
            Values.matrix(out, "trans [nc, nc] (row = previous label, column = next label)", p.trans, 0, nc, nc);
            out.line("start = " + vec(out, p.start, 0, nc));
            out.line("end   = " + vec(out, p.end, 0, nc));
        } else {
            out.line("start  top: " + Values.top(p.start, 0, nc, labels, 3) + "   end  top: " + Values.top(p.end, 0, nc, labels, 3));
        }
        viterbi(out, names, s);
    }

    /** log Z, then each word of the Viterbi path with its scores and marginals, then the path's probability. */
    private static void viterbi(Report out, Names names, Step s) {
        Params p = s.before;
        int n = s.n();
        int nc = p.dims.nc();
        LabelSet labels = names.labels();
        CrfNumbers crf = s.crf();
        int[] path = crf.path();
        out.line(String.format(Locale.ROOT, "log Z = %.6f   (%s recurrences)", crf.logZ(),
                crf.expSpace() ? "exp-space" : "log-space"));
        for (int t = 0; t < n; t++) {
            String step = t == 0 ? String.format(Locale.ROOT, "start[%s] = %.4f", labels.label(path[0]), p.start[path[0]])
                    : String.format(Locale.ROOT, "trans[%s -> %s] = %.4f", labels.label(path[t - 1]), labels.label(path[t]),
                            p.trans[path[t - 1] * nc + path[t]]);
            out.line(String.format(Locale.ROOT, "t=%-2d viterbi %-28s z = %9.4f  %s   marginal %.4f   marginals top: %s", t,
                    names.label(path[t]), s.act.z[t * nc + path[t]], step, crf.marginals()[t * nc + path[t]],
                    Values.top(crf.marginals(), t * nc, nc, labels, 3)));
        }
        out.line(String.format(Locale.ROOT, "end[%s] = %.4f;  Viterbi score %.6f, p(path | x) = exp(score - log Z) = %.6f",
                labels.label(path[n - 1]), p.end[path[n - 1]], crf.pathScore(), Math.exp(crf.pathScore() - crf.logZ())));
    }
}
