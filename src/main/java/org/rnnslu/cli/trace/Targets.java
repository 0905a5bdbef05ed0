package org.rnnslu.cli.trace;

import java.util.Arrays;
import org.rnnslu.data.LabelSet;
import org.rnnslu.io.TextLines;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Task;
import org.rnnslu.store.ModelFolder;

/**
 * A call's gold labels: from --labels (names) or --y (numbers), else the model's own predictions; and
 * the sentence label, the intent target (--intent or predicted) or the last row's label.
 */
final class Targets {

    private Targets() {}

    /**
     * Fills labels[0..n) from --labels, --y or the model's predictions; returns true when one label
     * was given for a call of several rows (it is then every row's, as numpy broadcasts a scalar y).
     */
    static boolean fill(TraceFlags f, ModelFolder.Contents model, Network net, int[] idxs, int n, int[] labels) {
        int[] given;
        if (f.labels() != null) {
            given = byName(model.labels(), f.labels());
        } else if (f.y() != null) {
            given = NumberLists.parseY(f.y(), model.labels().size());
        } else {
            predict(model, net, idxs, n, labels);
            return false;
        }
        checkCount(f, model.task(), given.length, n);
        for (int t = 0; t < n; t++) {
            labels[t] = given[given.length == 1 ? 0 : t];
        }
        return given.length == 1 && n > 1;
    }

    private static int[] byName(LabelSet names, String text) {
        String[] tokens = TextLines.tokens(text);
        int[] given = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            given[i] = index(names, tokens[i]);
        }
        return given;
    }

    /** One label per row, or one for every row (--y only, or any intent model's). */
    private static void checkCount(TraceFlags f, Task task, int given, int n) {
        String flag = f.labels() != null ? "--labels" : "--y";
        if (task == Task.INTENT && given != 1) {
            throw new FlagException("trace: an intent model takes one label in " + flag + ", got " + given);
        }
        if (given != 1 && given != n) {
            throw new FlagException("trace: " + flag + " has " + given + " labels for " + n + " rows (give "
                    + n + ", or one for every row)");
        }
        if (given == 1 && n > 1 && f.labels() != null && task != Task.INTENT) {
            throw new FlagException("trace: --labels has 1 label for " + n + " words (one per word; --y N broadcasts one number)");
        }
    }

    /** The model's own labels for the call: argmax p per row (slots), or the intent it reads (intent). */
    private static void predict(ModelFolder.Contents model, Network net, int[] idxs, int n, int[] labels) {
        Activations act = net.forwardWindows(idxs, n);
        if (model.task() != Task.INTENT) {
            System.arraycopy(Predictions.labels(net.params, net.kernels(), act, n), 0, labels, 0, n);
            return;
        }
        Arrays.fill(labels, Predictions.intent(net.params.dims, act));
    }

    /** The intent target (an intent model's label, a joint model's --intent or prediction), or the last row's label. */
    static int sentenceLabel(TraceFlags f, ModelFolder.Contents model, Network net, int[] idxs, int n, int[] labels,
                             Objective objective) {
        Task task = model.task();
        if (f.intent() != null && task != Task.JOINT) {
            throw new FlagException("trace: --intent is for a joint model; this one is task " + task.id());
        }
        if (task == Task.INTENT || task == Task.SLOTS) {
            return objective == Objective.PER_WORD ? -1 : labels[n - 1]; // label_last_word
        }
        if (f.intent() != null) {
            return index(model.intents(), f.intent());
        }
        return Predictions.intent(net.params.dims, net.forwardWindows(idxs, n));
    }

    private static int index(LabelSet labels, String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new FlagException("trace: label '" + label + "' is not in the model's labels (--y takes numbers)");
        }
        return i;
    }
}
