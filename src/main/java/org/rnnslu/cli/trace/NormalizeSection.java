package org.rnnslu.cli.trace;

import static org.rnnslu.cli.trace.Values.vec;

import java.util.Locale;
import org.rnnslu.model.Gradients;
import org.rnnslu.model.Params;

/** Section 9, normalize(): why rows go back to unit length, and each used row's norm before and after. */
final class NormalizeSection {

    private NormalizeSection() {}

    static void print(Report out, Names names, Step s) {
        Params p = s.after;
        int rows = p.dims.ne() + 1;
        out.section("9. normalize(): emb / sqrt((emb**2).sum(axis=1)).dimshuffle(0, 'x')",
                "every one of the ne+1 = " + rows + " embedding rows rescaled to unit L2 norm");
        out.line("Why: only the rows a call uses move, and SGD would let frequent words' vectors grow while others");
        out.line("stay small; on the unit sphere every word enters x_t at the same scale (|x_t| = sqrt(cs)), and");
        out.line("a word's vector can only turn, not grow, so its direction is all that it learns.");
        if (s.rowsNotUnit == 0) {
            out.line("Every row had unit length before the call, so only the rows the call used can have changed;");
            out.line("their norms after the SGD step and after normalize():");
        } else {
            out.line(s.rowsNotUnit + " of the " + rows + " rows did not have unit length before the call (a folder saved");
            out.line("before any normalize(), e.g. a fresh one): the tutorial's normalize() rescales EVERY row, and so does");
            out.line("this trace (rnnslu's trainer does it at its first step, then only the rows used). The rows used:");
        }
        Gradients g = s.grads;
        for (int i = 0; i < g.touchedCount; i++) {
            row(out, names, s, g.touchedRows[i]);
        }
        if (s.rowsNotUnit > 0) {
            out.line("and the " + s.rowsNotUnit + " rows not unit length before, now all 1 (the largest error: "
                    + String.format(Locale.ROOT, "%.2g", Terms.maxUnitError(p)) + ")");
        }
    }

    /** Row r's norm after the SGD step and after normalize() (with --full, its values). */
    private static void row(Report out, Names names, Step s, int r) {
        int de = s.after.dims.de();
        double[] v = Terms.steppedRow(s.before.embeddings, s.grads.dEmbeddings, r, de, s.lr);
        double stepped = 0;
        for (int c = 0; c < de; c++) {
            stepped += v[c] * v[c];
        }
        out.line(String.format(Locale.ROOT, "row %-4d %-22s |row| after the step %.6f -> after normalize %.6f", r,
                "(" + names.embeddingRow(r) + ")", Math.sqrt(stepped), Terms.norm(s.after.embeddings, r * de, de)));
        if (out.full) {
            out.line("    " + vec(out, s.before.embeddings, r * de, de) + " - lr * " + vec(out, s.grads.dEmbeddings, r * de, de));
            out.line("    = " + vec(out, v) + "  / " + String.format(Locale.ROOT, "%.6f", Math.sqrt(stepped))
                    + "  = " + vec(out, s.after.embeddings, r * de, de));
        }
    }
}
