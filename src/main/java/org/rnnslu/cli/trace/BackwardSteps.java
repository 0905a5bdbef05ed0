package org.rnnslu.cli.trace;

import static org.rnnslu.cli.trace.Values.vec;

import java.util.Locale;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Backward;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;

/**
 * The tutorial network's backward pass one step at a time, t = n-1 .. 0, with the numbers of each
 * formula (section 7 with --full): dz, dh and its parts, da, dhNext, the outer products, dx and the
 * embedding rows it lands on. The values are Backward's own (its scratch); the parts are {@link Terms}.
 */
final class BackwardSteps {

    private BackwardSteps() {}

    static void print(Report out, Names names, Step s) {
        double[][] headDh = Terms.headGradient(s.before, s.act, s.call.sentenceLabel(), s.n());
        out.line("The loss is L = sum_t weight_t * -log p[t, y_t]. Going backwards from the last step:");
        for (int t = s.n() - 1; t >= 0; t--) {
            out.line("");
            out.line("step t = " + t + ":");
            outputStep(out, s, t);
            hiddenStep(out, s, t, headDh[t]);
            inputStep(out, names, s, t);
        }
    }

    /** dz[t] = weight * (p[t] - onehot(y)), then db and dw. */
    private static void outputStep(Report out, Step s, int t) {
        int nh = s.before.dims.nh();
        int nc = s.before.dims.nc();
        Activations act = s.act;
        Backward.Scratch sc = s.scratch;
        if (s.weights[t] == 0) {
            out.line("  dz[" + t + "] = 0   (this row is not in the loss)");
        } else {
            int y = s.call.targetOf(t);
            double[] onehot = new double[nc];
            onehot[y] = 1;
            out.line(String.format(Locale.ROOT, "  dz[%d] = weight * (p[%d] - onehot(y=%d)) = %.4f * (%s - %s)", t, t, y,
                    s.weights[t], vec(out, act.p, t * nc, nc), vec(out, onehot)));
            out.line("        = " + vec(out, sc.dz, t * nc, nc) + "          (dL/dz, z = h . w + b)");
        }
        out.line("  db += dz[" + t + "]   dw += h[" + t + "]^T . dz[" + t + "] (an outer product [nh, nc]) =");
        outer(out, act.h, t * nh, nh, sc.dz, t * nc, nc);
    }

    /** dh[t] from the output, the next step and the intent head; da[t]; dhNext; dbh and dwh. */
    private static void hiddenStep(Report out, Step s, int t, double[] headDh) {
        Params p = s.before;
        Dims d = p.dims;
        int n = s.n();
        int nh = d.nh();
        int nc = d.nc();
        Backward.Scratch sc = s.scratch;
        double[] fromOut = Terms.productTransB(sc.dz, t * nc, p.w, nh, nc);
        double[] next = t == n - 1 ? new double[nh] : Terms.productTransB(sc.da, (t + 1) * nh, p.wh, nh, nh);
        double[] dh = new double[nh];
        for (int i = 0; i < nh; i++) {
            dh[i] = fromOut[i] + next[i] + headDh[i];
        }
        out.line("  dh[" + t + "] = dz[" + t + "] . w^T + dhNext" + (d.hasIntentHead() ? " + (from the intent head)" : ""));
        out.line("        = " + vec(out, fromOut) + " + " + vec(out, next)
                + (d.hasIntentHead() ? " + " + vec(out, headDh) : ""));
        out.line("        = " + vec(out, dh));
        out.line("  da[" + t + "] = dh[" + t + "] * h[" + t + "] * (1 - h[" + t + "])   (sigmoid' = h(1-h), element by element)");
        out.line("        = " + vec(out, sc.da, t * nh, nh));
        double[] dhNext = Terms.productTransB(sc.da, t * nh, p.wh, nh, nh);
        out.line("  dhNext = da[" + t + "] . wh^T = " + vec(out, dhNext) + (t == 0 ? "   = dh0 (h_{-1} = h0)"
                : "   (to step " + (t - 1) + ")"));
        out.line("  dbh += da[" + t + "]   dwh += " + (t == 0 ? "h0" : "h[" + (t - 1) + "]") + "^T . da[" + t
                + "] [nh, nh] =");
        outer(out, s.act.hPrev, t * nh, nh, sc.da, t * nh, nh);
    }

    /** dwx, dx[t] and the embedding rows each of its cs parts is added to. */
    private static void inputStep(Report out, Names names, Step s, int t) {
        Dims d = s.before.dims;
        int nh = d.nh();
        int in = d.inputDim();
        Activations act = s.act;
        Backward.Scratch sc = s.scratch;
        out.line("  dwx += x[" + t + "]^T . da[" + t + "] [de*cs, nh] =");
        outer(out, act.x, t * in, in, sc.da, t * nh, nh);
        out.line("  dx[" + t + "] = da[" + t + "] . wx^T = " + vec(out, sc.dx, t * in, in));
        for (int j = 0; j < d.cs(); j++) {
            int idx = act.idxs[t * d.cs() + j];
            out.line("    demb[" + idx + "] += dx[" + t + "][" + (j * d.de()) + ":" + ((j + 1) * d.de()) + "] = "
                    + vec(out, sc.dx, t * in + j * d.de(), d.de()) + "   ("
                    + names.embeddingRow(idx < 0 ? d.padRow() : idx) + ")");
        }
    }

    /** The outer product a^T . b of a row a [m] and a row b [k], one line per row of the [m, k] result. */
    private static void outer(Report out, float[] a, int aOff, int m, float[] b, int bOff, int k) {
        for (int i = 0; i < m; i++) {
            out.line(String.format(Locale.ROOT, "      %-3d %s", i, vec(out, Terms.outerRow(a, aOff, i, b, bOff, k))));
        }
    }
}
