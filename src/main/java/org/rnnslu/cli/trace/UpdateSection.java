package org.rnnslu.cli.trace;

import java.util.Locale;
import org.rnnslu.model.Param;

/** Section 8, the update p - lr*g: how far each parameter moved (with --full, its new values). */
final class UpdateSection {

    private UpdateSection() {}

    static void print(Report out, Step s) {
        out.section("8. the update: updates = OrderedDict((p, p - lr*g) for p, g in zip(params, gradients))",
                "lr = " + s.lr);
        out.line("theano.function(..., updates=...) computes the outputs (the loss) first, then assigns every new");
        out.line("value at once, so all gradients are taken at the old parameters. The parameters are shared");
        out.line("variables: they keep the new values after the call, which is why calling sentence_train again and");
        out.line("again is training.");
        for (Param param : s.after.params()) {
            if (!out.full) {
                out.line(delta(param.fileName(), s.before.get(param), s.after.get(param)));
            } else if (param == Param.EMBEDDINGS) {
                out.line("embeddings: only the rows used change (then normalize(), section 9)");
            } else {
                stepped(out, s, param);
            }
        }
    }

    /** |after - before| beside |before| and their ratio. */
    private static String delta(String name, float[] was, float[] now) {
        double delta = 0;
        for (int i = 0; i < was.length; i++) {
            delta += ((double) now[i] - was[i]) * ((double) now[i] - was[i]);
        }
        return String.format(Locale.ROOT, "%-11s |delta| = %-12.6g |p| = %-10.6g relative %.3g", name, Math.sqrt(delta),
                Terms.norm(was, 0, was.length), Math.sqrt(delta) / Math.max(1e-30, Terms.norm(was, 0, was.length)));
    }

    /** The first element's arithmetic, then every value of p - lr*g. */
    private static void stepped(Report out, Step s, Param param) {
        String name = param.fileName();
        float[] was = s.before.get(param);
        float[] g = s.grads.get(param);
        float[] stepped = new float[was.length];
        for (int i = 0; i < was.length; i++) {
            stepped[i] = was[i] - s.lr * g[i];
        }
        out.line(String.format(Locale.ROOT, "%s[0]: %.5f - %s * %.5f = %.5f", name, was[0], s.lr, g[0], stepped[0]));
        Values.parameter(out, name + " after", stepped, param.shape(s.after.dims));
    }
}
