package org.rnnslu.cli;

import java.util.List;
import java.util.Locale;
import org.rnnslu.Tagger;
import org.rnnslu.data.Utterance;
import org.rnnslu.eval.Bootstrap;
import org.rnnslu.eval.Evaluation;
import org.rnnslu.inference.Predictor;

/** eval --bootstrap N and eval --against B: the intervals and the paired comparison, as text. */
final class BootstrapReport {

    private BootstrapReport() {}

    /** What a model got right on each utterance of data, decoded as the tagger decodes. */
    static Bootstrap.Outcomes outcomes(Tagger tagger, List<Utterance> data, String what) {
        Evaluation ev;
        try {
            ev = Evaluation.of(tagger.model(), data).decodedWith(tagger.decoding());
        } catch (IllegalArgumentException e) {
            throw new UsageException("eval: " + what + ": " + e.getMessage());
        }
        Predictor p = ev.predictor(tagger.params(), tagger.kernels());
        boolean slots = ev.task().hasSlots();
        boolean intents = ev.task().hasIntent();
        return Bootstrap.Outcomes.of(slots ? ev.goldSlots() : null, slots ? ev.predictedSlots(p) : null,
                intents ? ev.goldIntents() : null, intents ? ev.predictedIntents(p) : null);
    }

    static String intervals(Bootstrap.Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "bootstrap: %d resamples of the %d utterances (seed %d), 95%% intervals%n",
                r.resamples(), r.utterances(), r.seed()));
        line(sb, "slot F1", r.f1());
        line(sb, "intent accuracy", r.intentAccuracy());
        line(sb, "sentence accuracy", r.sentenceAccuracy());
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, Bootstrap.Interval i) {
        if (i != null) {
            sb.append(String.format(Locale.ROOT, "  %-18s %6.2f  [%.2f, %.2f]%n", name, i.estimate(), i.low(), i.high()));
        }
    }

    static String comparison(String a, String b, Bootstrap.Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "A - B, A = %s, B = %s (paired bootstrap: %d resamples of the %d utterances, seed %d)%n", a, b,
                c.resamples(), c.utterances(), c.seed()));
        line(sb, "slot F1", c.f1());
        line(sb, "intent accuracy", c.intentAccuracy());
        line(sb, "sentence accuracy", c.sentenceAccuracy());
        Bootstrap.McNemar m = c.mcnemar();
        sb.append(String.format(Locale.ROOT,
                "McNemar (sentence accuracy): only A right %d, only B right %d, both %d, neither %d; exact p %.4f%n",
                m.onlyA(), m.onlyB(), m.both(), m.neither(), m.pValue()));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, Bootstrap.Difference d) {
        if (d != null) {
            Bootstrap.Interval i = d.interval();
            sb.append(String.format(Locale.ROOT, "  %-18s %+6.2f  [%+.2f, %+.2f]  p %.3f%n", name, i.estimate(), i.low(),
                    i.high(), d.pValue()));
        }
    }
}
