package org.rnnslu.cli.trace;

import static org.rnnslu.cli.trace.Values.vec;

import java.util.Locale;
import org.rnnslu.data.LabelSet;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Forward;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Task;

/** Section 6 of a softmax model: each row's term -log p[t, y_t] and weight, the intent head's term, the loss. */
final class LossSection {

    private LossSection() {}

    static void print(Report out, Names names, Step s) {
        Call call = s.call;
        out.section("6. loss = " + Names.lossFormula(call.objective()), null);
        if (call.scalarY() && call.objective() == Objective.PER_WORD) {
            out.line("y is one number: numpy broadcasts it, so every row's target is " + names.label(call.labels()[0])
                    + " (the hybrid: all-steps).");
            out.line("is13's train() uses it for the last row only: --objective last-step.");
        }
        if (call.objective() != Objective.PER_WORD && names.task() != Task.INTENT) {
            out.line("the target is the last row's label (label_last_word = " + names.label(call.sentenceLabel())
                    + "), a slot label.");
        }
        int nc = s.before.dims.nc();
        for (int t = 0; t < s.n(); t++) {
            double term = -Math.log(s.act.p[t * nc + s.targets[t]]);
            String where = s.weights[t] == 0 ? "   not in the loss (last-step keeps only t = n-1; dz_t = 0, but h_t still"
                    + " gets gradient from step t+1)" : "   weight " + String.format(Locale.ROOT, "%.4f", s.weights[t]);
            out.line(String.format(Locale.ROOT, "t=%-2d -log p[%d, %s] = %.6f%s", t, t, names.label(s.targets[t]),
                    term, where));
        }
        if (s.before.dims.hasIntentHead()) {
            intentTerm(out, names, s);
        }
        out.line(String.format(Locale.ROOT, "loss = %.6f", s.loss));
    }

    /** The intent head's -log q[y], with its input u and its distribution q. */
    private static void intentTerm(Report out, Names names, Step s) {
        Dims d = s.before.dims;
        LabelSet intents = names.intents();
        int yi = s.call.sentenceLabel();
        out.line(String.format(Locale.ROOT, "+ intent head: -log q[%s] = %.6f   where q = softmax(u . wi + bi) [%d],",
                Names.label(intents, yi), -Math.log(s.act.q[yi]), d.ni()));
        out.line("  u = " + Names.pool(d.pool()) + " [" + d.readWidth() + "] = "
                + vec(out, Terms.headInput(s.act, s.n(), d), 0, d.readWidth()));
        out.line("  q = " + vec(out, s.act.q, 0, d.ni()) + "   predicted " + Names.label(intents, Forward.intentArgmax(s.act)));
    }
}
