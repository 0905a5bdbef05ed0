package org.rnnslu.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnnslu.data.Encoded;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Utterance;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.eval.Conlleval;
import org.rnnslu.eval.IntentEval;
import org.rnnslu.inference.Decoding;
import org.rnnslu.inference.Predictor;
import org.rnnslu.inference.Transitions;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.InputTable;
import org.rnnslu.model.Model;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;
import org.rnnslu.util.Workers;

/**
 * One labelled split, ready to be scored again and again as a model trains: its utterances (for the
 * gold strings) and their indices (for the network).
 */
public final class Evaluation {

    /** Scores of one model on one split; NaN where the task has no such score. */
    public record Result(Task task, Conlleval slots, IntentEval intents, double sentenceAccuracy) {
        public double f1() {
            return slots == null ? Double.NaN : slots.f1();
        }

        public double accuracy() {
            return intents == null ? Double.NaN : intents.accuracy();
        }

        /** What picks the best model: F1 (slots), accuracy (intent), their mean (joint). */
        public double selection() {
            switch (task) {
                case SLOTS: return f1();
                case INTENT: return accuracy();
                default: return (f1() + accuracy()) / 2;
            }
        }

        /** "F1 93.60", "ACC 95.41" or "F1 93.60 ACC 95.41". */
        public String text() {
            switch (task) {
                case SLOTS: return String.format(Locale.ROOT, "F1 %.2f", f1());
                case INTENT: return String.format(Locale.ROOT, "ACC %.2f", accuracy());
                default: return String.format(Locale.ROOT, "F1 %.2f ACC %.2f", f1(), accuracy());
            }
        }
    }

    private final Task task;
    private final List<Utterance> utterances;
    private final Encoded encoded;
    private final LabelSet slotLabels;
    private final LabelSet intentLabels;
    private final Decoding decoding;
    private final Transitions transitions; // null: each word's argmax

    /**
     * Scores with each word's argmax label (see {@link #decodedWith}).
     *
     * @param slotLabels the model's slot labels (null for the intent task)
     * @param intentLabels the model's intent labels (null for the slot task)
     */
    public Evaluation(Task task, List<Utterance> utterances, Vocabulary vocab, LabelSet slotLabels, LabelSet intentLabels) {
        this(task, utterances, Encoded.encode(utterances, vocab, slotLabels, intentLabels), slotLabels, intentLabels,
                Decoding.ARGMAX);
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            if (task.hasSlots() && u.slots() == null || task.hasIntent() && u.intent() == null) {
                throw new IllegalArgumentException("utterance " + (i + 1) + " has no " + (u.slots() == null ? "slot labels" : "intent")
                        + " to score against");
            }
        }
    }

    private Evaluation(Task task, List<Utterance> utterances, Encoded encoded, LabelSet slotLabels,
                       LabelSet intentLabels, Decoding decoding) {
        this.task = task;
        this.utterances = utterances;
        this.encoded = encoded;
        this.slotLabels = slotLabels;
        this.intentLabels = intentLabels;
        this.decoding = decoding;
        this.transitions = slotLabels == null ? null : decoding.transitions(slotLabels.labels());
    }

    /** The same split, its slot labels decoded with {@code d} (argmax or IOB-constrained Viterbi). */
    public Evaluation decodedWith(Decoding d) {
        return d == decoding ? this : new Evaluation(task, utterances, encoded, slotLabels, intentLabels, d);
    }

    public Decoding decoding() {
        return decoding;
    }

    /** A predictor that decodes slot labels as this evaluation does. */
    public Predictor predictor(Params params, Kernels kernels) {
        return new Predictor(params, kernels, InputTable.build(kernels, params), transitions);
    }

    /**
     * A split scored against what a model predicts: its vocabulary reads the words, its labels the
     * gold slots and intents.
     *
     * @throws IllegalArgumentException when an utterance lacks the gold labels the task scores
     */
    public static Evaluation of(Model model, List<Utterance> split) {
        Task task = model.task();
        LabelSet slots = task.hasSlots() ? model.labels() : null;
        LabelSet intents = task == Task.JOINT ? model.intents() : task == Task.INTENT ? model.labels() : null;
        return new Evaluation(task, split, model.vocabulary(), slots, intents);
    }

    /** Scores a model on a labelled split: conlleval's P/R/F1 for slots, accuracy for intents. */
    public static Result score(Model model, List<Utterance> split, Kernels kernels) {
        return of(model, split).evaluate(model.params(), kernels);
    }

    public Result evaluate(Params params, Kernels kernels) {
        return evaluate(params, kernels, null);
    }

    /** Scores the model; with workers, each tags a contiguous share of the utterances (same results). */
    public Result evaluate(Params params, Kernels kernels, Workers workers) {
        return evaluate(params, kernels, workers, InputTable.build(kernels, params));
    }

    /** As above, with the {@link InputTable} of {@code params} already built (shared by several splits). */
    public Result evaluate(Params params, Kernels kernels, Workers workers, InputTable table) {
        int threads = workers == null ? 1 : Math.min(workers.threads(), Math.max(1, utterances.size()));
        int[][] perWord = new int[utterances.size()][];
        int[] lastOrHead = new int[utterances.size()];
        java.util.function.IntConsumer share = w -> {
            Predictor p = new Predictor(params, kernels, table, transitions);
            int from = Workers.split(utterances.size(), threads, w);
            int to = Workers.split(utterances.size(), threads, w + 1);
            int[][] words = java.util.Arrays.copyOfRange(encoded.words(), from, to);
            if (task.hasSlots()) {
                System.arraycopy(p.perWord(words), 0, perWord, from, to - from);
            }
            if (task.hasIntent()) {
                int[] pred = p.intents(words);
                System.arraycopy(pred, 0, lastOrHead, from, to - from);
            }
        };
        if (threads == 1) {
            share.accept(0);
        } else {
            workers.run(threads, share);
        }
        List<String[]> slots = task.hasSlots() ? decodeSlots(perWord) : null;
        List<String> intents = task.hasIntent() ? decodeIntents(lastOrHead) : null;
        Conlleval c = slots == null ? null : Conlleval.evaluate(goldSlots(), slots);
        IntentEval ie = intents == null ? null : IntentEval.evaluate(goldIntents(), intents);
        return new Result(task, c, ie, sentenceAccuracy(slots, intents));
    }

    /** Fraction (percent) of utterances with every slot label (and the intent) right. */
    private double sentenceAccuracy(List<String[]> slots, List<String> intents) {
        int right = 0;
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            boolean ok = slots == null || java.util.Arrays.equals(u.slots(), slots.get(i));
            ok &= intents == null || u.intent().equals(intents.get(i));
            right += ok ? 1 : 0;
        }
        return utterances.isEmpty() ? 0 : 100.0 * right / utterances.size();
    }

    public List<String[]> goldSlots() {
        List<String[]> gold = new ArrayList<>(utterances.size());
        for (Utterance u : utterances) {
            gold.add(u.slots());
        }
        return gold;
    }

    public List<String[]> predictedSlots(Predictor p) {
        return decodeSlots(p.perWord(encoded.words()));
    }

    private List<String[]> decodeSlots(int[][] pred) {
        List<String[]> out = new ArrayList<>(pred.length);
        for (int[] s : pred) {
            out.add(slotLabels.decode(s, s.length));
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
        return decodeIntents(p.intents(encoded.words()));
    }

    private List<String> decodeIntents(int[] pred) {
        List<String> out = new ArrayList<>(pred.length);
        for (int c : pred) {
            out.add(intentLabels.label(c));
        }
        return out;
    }

    public Encoded encoded() {
        return encoded;
    }

    public List<Utterance> utterances() {
        return utterances;
    }

    public Task task() {
        return task;
    }
}
