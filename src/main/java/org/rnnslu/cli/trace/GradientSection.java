package org.rnnslu.cli.trace;

import java.util.Locale;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Gradients;
import org.rnnslu.model.Param;
import org.rnnslu.model.Params;

/**
 * Section 7, the gradients: each parameter's norm and largest value (with --full every value, and for
 * the tutorial's network the backward pass step by step), and the embedding rows they touch.
 */
final class GradientSection {

    private GradientSection() {}

    static void print(Report out, Names names, Step s) {
        Params p = s.before;
        Dims d = p.dims;
        Gradients g = s.grads;
        out.section("7. gradients = T.grad(loss, params), written by hand in Backward.java (BPTT)", null);
        if (out.full) {
            if (d.arch().isTutorial()) { // a CRF, bi, Jordan or hybrid network: its sums only
                BackwardSteps.print(out, names, s);
            } else {
                out.line("(the step-by-step backward pass is shown for the tutorial's network only)");
            }
            out.line("");
            out.line("the gradients (Backward's own sums):");
            for (Param param : p.params()) {
                int[] shape = param.shape(d);
                Values.parameter(out, "d" + param.fileName() + " " + Values.shape(shape), g.get(param), shape);
            }
        } else {
            for (Param param : p.params()) {
                float[] grad = g.get(param);
                out.line(String.format(Locale.ROOT, "d%-11s shape %-12s |g| = %-12.6g max|g| = %.6g", param.fileName(),
                        Values.shape(param.shape(d)), Terms.norm(grad, 0, grad.length), Terms.maxAbs(grad)));
            }
        }
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < g.touchedCount; i++) {
            rows.append(i == 0 ? "" : ", ").append(names.embeddingRow(g.touchedRows[i]));
        }
        out.line("dembeddings is zero except on the rows the windows used: " + rows);
    }
}
