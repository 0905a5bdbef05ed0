package org.rnnslu.train;

import java.util.ArrayList;
import java.util.List;
import org.rnnslu.data.Encoded;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Utterance;
import org.rnnslu.eval.Conlleval;
import org.rnnslu.eval.IntentEval;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;

/**
 * One labelled split, ready to be scored again and again as a model trains: its utterances (for the
 * gold strings) and their indices (for the network).
 */
public final class Evaluation {

    private final Task task;
    private final List<Utterance> utterances;
    private final Encoded encoded;
    private final LabelSet labels;

    public Evaluation(Task task, List<Utterance> utterances, Encoded encoded, LabelSet labels) {
        this.task = task;
        this.utterances = utterances;
        this.encoded = encoded;
        this.labels = labels;
    }

    /** The score that picks the best model: chunk F1 (percent) for slots, accuracy (percent) for intents. */
    public double score(Params params, Kernels kernels) {
        Predictor p = new Predictor(params, kernels);
        if (task == Task.SLOTS) {
            return slotReport(p).f1();
        }
        return intentReport(p).accuracy();
    }

    public Conlleval slotReport(Predictor p) {
        return Conlleval.evaluate(goldSlots(), predictedSlots(p));
    }

    public IntentEval intentReport(Predictor p) {
        return IntentEval.evaluate(goldIntents(), predictedIntents(p));
    }

    public List<String[]> goldSlots() {
        List<String[]> gold = new ArrayList<>(utterances.size());
        for (Utterance u : utterances) {
            gold.add(u.slots());
        }
        return gold;
    }

    public List<String[]> predictedSlots(Predictor p) {
        int[][] pred = p.perWord(encoded.words());
        List<String[]> out = new ArrayList<>(pred.length);
        for (int[] s : pred) {
            out.add(labels.decode(s, s.length));
        }
        return out;
    }

    public List<String> goldIntents() {
        List<String> gold = new ArrayList<>(utterances.size());
        for (Utterance u : utterances) {
            gold.add(u.intent());
        }
        return gold;
    }

    public List<String> predictedIntents(Predictor p) {
        int[] pred = p.lastWord(encoded.words());
        List<String> out = new ArrayList<>(pred.length);
        for (int c : pred) {
            out.add(labels.label(c));
        }
        return out;
    }

    public List<Utterance> utterances() {
        return utterances;
    }

    public Task task() {
        return task;
    }
}
