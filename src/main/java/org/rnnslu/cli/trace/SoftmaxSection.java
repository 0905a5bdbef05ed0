package org.rnnslu.cli.trace;

import static org.rnnslu.cli.trace.Values.vec;

import java.util.Locale;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;

/** Section 4, s[:, 0, :]: each step's softmax p_t [nc] (with --full, its scores z_t = h_t . w + b). */
final class SoftmaxSection {

    private SoftmaxSection() {}

    static void print(Report out, Names names, Step s) {
        int n = s.n();
        int nc = s.before.dims.nc();
        out.section("4. s_t = T.nnet.softmax(T.dot(h_t, w) + b); p_y_given_x_sentence = s[:, 0, :]",
                "s [n, 1, nc] = [" + n + ", 1, " + nc + "] -> p [n, nc] = [" + n + ", " + nc + "]");
        out.line("T.nnet.softmax works on matrices, so each step returns a [1, nc] row and scan stacks them into");
        out.line("[n, 1, nc]; s[:, 0, :] drops the middle axis. (is13's p_y_given_x_lastword = s[-1, 0, :] is its last row.)");
        for (int t = 0; t < n; t++) {
            if (out.full) {
                out.line("z[" + t + "] = " + (s.before.dims.bidirectional() ? "[h[" + t + "]; hb[" + t + "]] . w" : "h[" + t + "] . w")
                        + " + b = " + vec(out, scores(s.before, s.act, t)));
                out.line("p[" + t + "] = softmax(z[" + t + "]) = " + vec(out, s.act.p, t * nc, nc) + "   labels 0.." + (nc - 1));
            } else {
                int y = s.call.labels()[t];
                out.line(String.format(Locale.ROOT, "p[%d]  top: %s   p[%d, %s] = %.4f", t, Values.top(s.act.p, t * nc, nc,
                        names.labels(), 3), t, names.label(y), s.act.p[t * nc + y]));
            }
        }
    }

    /** z_t = h_t . w + b, or [h_t; hb_t] . w + b (bidirectional), in double.   [nc] */
    private static double[] scores(Params p, Activations act, int t) {
        Dims d = p.dims;
        int nc = d.nc();
        double[] z = Terms.product(act.h, t * d.nh(), p.w, d.nh(), nc);
        double[] zb = d.bidirectional() ? Terms.product(act.hb, t * d.nh(), p.w, d.nh() * nc, d.nh(), nc) : null;
        for (int c = 0; c < nc; c++) {
            z[c] += p.b[c] + (zb == null ? 0 : zb[c]);
        }
        return z;
    }
}
