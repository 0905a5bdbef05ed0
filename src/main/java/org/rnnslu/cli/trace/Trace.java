package org.rnnslu.cli.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.rnnslu.model.Network;
import org.rnnslu.store.ModelFolder;

/**
 * The order of a trace: the call, then each call of sentence_train (one, or is13's one per word)
 * computed as a {@link Step} and printed section by section, forward to update.
 */
public final class Trace {

    private Trace() {}

    /**
     * Describes the call, then traces it (bs = 0) or is13's calls of its sentence of bs steps each,
     * leaving the updated parameters in {@code net}; with {@code dump} (one call only) also writes
     * its intermediates there.
     */
    public static void run(Report out, ModelFolder.Contents model, Network net, Call call, int bs, float lr, Path dump)
            throws IOException {
        Names names = new Names(model);
        CallSection.print(out, names, call);
        if (bs > 0) {
            bptt(out, names, net, call, bs, lr);
        } else {
            call(out, names, net, call, lr, dump);
        }
    }

    /**
     * is13's loop over one sentence ({@code Network.trainBpttSentence}): for word t the call of the
     * sentence's windows of words max(0, t−bs+1)..t, from h0, y = y_t; each call traced, updated and
     * normalised in turn, so call t+1 starts from the parameters call t left.
     */
    static void bptt(Report out, Names names, Network net, Call sentence, int bs, float lr) throws IOException {
        int cs = net.params.dims.cs();
        int n = sentence.n();
        for (int t = 0; t < n; t++) {
            Call call = Calls.is13Call(sentence, t, bs, cs);
            int from = t - call.n() + 1;
            out.section("is13 call " + (t + 1) + " of " + n + ": word_batch = the windows of words " + from + ".." + t
                    + " (" + call.n() + " row" + (call.n() == 1 ? "" : "s") + "), label_last_word = y[" + t + "] = "
                    + names.labels().label(call.sentenceLabel()) + " (" + call.sentenceLabel() + ")", null);
            call(out, names, net, call, lr, null);
        }
    }

    /** One call through forward, loss, backward, update and normalize, leaving the updated parameters in net. */
    static void call(Report out, Names names, Network net, Call call, float lr, Path dump) throws IOException {
        Step s = Step.run(net, call, lr);
        if (out.full) {
            ParametersSection.print(out, s.before);
        }
        WindowsSection.print(out, names, call);
        InputSection.print(out, s);
        ScanSection.print(out, s);
        SoftmaxSection.print(out, names, s);
        if (s.isCrf()) {
            CrfSection.print(out, names, s);
        }
        PredictionSection.print(out, names, s);
        if (s.isCrf()) {
            CrfLossSection.print(out, s);
        } else {
            LossSection.print(out, names, s);
        }
        GradientSection.print(out, names, s);
        if (dump != null) {
            DumpFolder.write(out, dump, s);
        }
        UpdateSection.print(out, s);
        NormalizeSection.print(out, names, s);
        out.section("10. the same call after the step", null);
        out.line(String.format(Locale.ROOT, "loss %.6f -> %.6f", s.loss, s.lossAfter));
    }
}
