package org.rnnslu.cli.trace;

import java.util.Arrays;
import org.rnnslu.data.ContextWindows;
import org.rnnslu.io.TextLines;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;
import org.rnnslu.store.ModelFolder;

/**
 * The calls a trace runs: the one the flags describe (text -> word indices -> context windows, its
 * targets and objective), and is13's calls of one sentence.
 */
public final class Calls {

    private Calls() {}

    /** The call the flags describe, checked against the model; its default targets are the model's predictions. */
    public static Call of(TraceFlags f, ModelFolder.Contents model, Network net) {
        Dims d = model.params().dims;
        if ((f.words() != null) == (f.idxs() != null)) {
            throw new FlagException("trace: give either --words or --idxs (see trace --help)");
        }
        if (f.labels() != null && f.y() != null) {
            throw new FlagException("trace: give either --labels (names) or --y (numbers), not both");
        }
        String[] words = f.words() == null ? null : words(f.words());
        int[] idxs = words != null ? windows(model, words) : NumberLists.parseIdxs(f.idxs(), d);
        int n = idxs.length / d.cs();
        Objective objective = f.bptt() && f.objective() == null ? Objective.LAST_STEP : objective(f.objective(), model);
        int[] labels = new int[n];
        boolean scalarY = Targets.fill(f, model, net, idxs, n, labels);
        int sentenceLabel = Targets.sentenceLabel(f, model, net, idxs, n, labels, objective);
        return new Call(idxs, n, words, labels, scalarY, sentenceLabel, objective);
    }

    private static String[] words(String text) {
        String[] words = TextLines.tokens(text);
        if (words.length == 0) {
            throw new FlagException("trace: --words is empty");
        }
        return words;
    }

    /** idxs = contextwin(indices of the words, cs).   [n, cs] */
    private static int[] windows(ModelFolder.Contents model, String[] words) {
        int n = words.length;
        int cs = model.params().dims.cs();
        int[] idxs = new int[n * cs];
        ContextWindows.contextWindow(model.vocabulary().encode(words), n, cs, idxs);
        return idxs;
    }

    /** --objective (null: what trained the model), checked against what the task can train. */
    private static Objective objective(String name, ModelFolder.Contents model) {
        if (name == null) {
            return model.trainedWith();
        }
        Objective o = Objective.parse(name);
        if (o == null) {
            throw new FlagException("trace: --objective takes per-word, all-steps or last-step, got '" + name + "'");
        }
        if (model.task() == Task.INTENT && o == Objective.PER_WORD) {
            throw new FlagException("trace: --objective per-word needs a label per word; an intent model has one"
                    + " per sentence (all-steps or last-step)");
        }
        if (Params.isCrf(model.params().dims) && o != Objective.PER_WORD) {
            throw new FlagException("trace: a CRF model's loss is the sentence's, -log p(y|x); --objective " + name
                    + " is for a softmax model");
        }
        if (model.task() == Task.JOINT && o != Objective.PER_WORD) {
            throw new FlagException("trace: a joint model trains per-word slots plus its intent head; --objective "
                    + name + " is for a slot or intent model");
        }
        return o;
    }

    /**
     * is13's call t of a sentence (its loop in {@code Network.trainBpttSentence}): the windows of words
     * max(0, t−bs+1)..t, from h0, with one label y = y_t (label_last_word) for every row.
     */
    static Call is13Call(Call sentence, int t, int bs, int cs) {
        int from = Math.max(0, t - bs + 1);
        int m = t - from + 1;
        int y = sentence.labels()[t];
        int[] idxs = Arrays.copyOfRange(sentence.idxs(), from * cs, (t + 1) * cs); // [m, cs]
        int[] labels = new int[m];
        Arrays.fill(labels, y); // one number: label_last_word
        String[] words = sentence.words() == null ? null : Arrays.copyOfRange(sentence.words(), from, t + 1);
        return new Call(idxs, m, words, labels, m > 1, y, sentence.objective());
    }
}
