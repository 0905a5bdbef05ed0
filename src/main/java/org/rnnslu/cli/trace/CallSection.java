package org.rnnslu.cli.trace;

import java.util.Locale;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Objective;

/** Section 0, the call: the sentence's word indices (or the idxs given), the model's sizes, the objective. */
final class CallSection {

    private CallSection() {}

    static void print(Report out, Names names, Call call) {
        Dims d = names.dims();
        out.section("0. the call", null);
        if (call.words() != null) {
            words(out, names.vocabulary(), call, d.cs());
        } else {
            out.line("idxs given as they are: " + call.n() + " row" + (call.n() == 1 ? "" : "s") + " of cs = " + d.cs()
                    + " indices (sentence_train(idxs, y, lr) binds the T.imatrix placeholder to them)");
        }
        out.line(String.format(Locale.ROOT, "model: ne=%d words, de=%d, cs=%d (window), nh=%d hidden, nc=%d classes%s, task %s",
                d.ne(), d.de(), d.cs(), d.nh(), d.nc(), d.hasIntentHead() ? ", ni=" + d.ni() + " intents (head on "
                        + Names.pool(d.pool()) + ")" : "", names.task().id()));
        Objective trainedWith = names.trainedWith();
        out.line("objective: " + call.objective().id() + (call.objective() == trainedWith
                ? " (what trained the model)" : " (the model was trained with " + trainedWith.id() + ")"));
    }

    /** Each word typed and the vocabulary word (and index) it became, the middle of its window. */
    private static void words(Report out, Vocabulary vocab, Call call, int cs) {
        out.line("the sentence -> word indices (words.txt line numbers, after preprocessing):");
        int half = cs / 2;
        for (int t = 0; t < call.n(); t++) {
            int idx = call.idxs()[t * cs + half];
            out.line(String.format(Locale.ROOT, "  %-16s -> %-16s index %d", call.words()[t], vocab.word(idx), idx));
        }
    }
}
