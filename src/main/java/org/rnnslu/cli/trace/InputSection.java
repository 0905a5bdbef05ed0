package org.rnnslu.cli.trace;

import java.util.Locale;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Dims;

/** Section 2, x [n, de*cs]: each step's input, its window's embedding rows side by side. */
final class InputSection {

    private InputSection() {}

    static void print(Report out, Step s) {
        Dims d = s.before.dims;
        int n = s.n();
        Activations act = s.act;
        out.section("2. x = emb[idxs].reshape((n, de*cs))", "emb[idxs] [n, cs, de] = [" + n + ", " + d.cs() + ", "
                + d.de() + "] -> x [n, de*cs] = [" + n + ", " + d.inputDim() + "]");
        out.line("Row t is the cs embedding rows of window t side by side: the network's input at step t.");
        out.line("When every row has unit length (after normalize()), |x_t| = sqrt(cs) = "
                + String.format(Locale.ROOT, "%.4f", Math.sqrt(d.cs())) + ".");
        for (int t = 0; t < n; t++) {
            if (out.full) {
                StringBuilder parts = new StringBuilder();
                for (int j = 0; j < d.cs(); j++) {
                    parts.append(j == 0 ? "" : " ++ ").append("emb[").append(act.idxs[t * d.cs() + j]).append("]");
                }
                out.line("x[" + t + "] = " + parts);
                out.line("     = " + Values.vec(out, act.x, t * d.inputDim(), d.inputDim()));
            } else {
                out.line("x[" + t + "] = " + Values.vec(out, act.x, t * d.inputDim(), d.inputDim()));
            }
        }
    }
}
