package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rnnslu.data.Encoded;
import org.rnnslu.data.InputException;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Splits;
import org.rnnslu.data.Utterance;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.eval.PredictionsWriter;
import org.rnnslu.io.ModelFolder;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;
import org.rnnslu.train.Evaluation;
import org.rnnslu.train.Examples;
import org.rnnslu.train.Predictor;
import org.rnnslu.train.TrainSettings;
import org.rnnslu.train.Trainer;

/** {@code train}: the tutorial's recipe, from labelled text to a saved model and its scores. */
final class TrainCommand implements Main.Command {

    private static final Set<String> VALUED = Set.of("data", "out", "task", "intent-objective", "lr", "win", "nh",
            "de", "seed", "epochs", "patience", "min-lr", "min-count", "digits", "lowercase", "decay", "kernels",
            "predictions", "progress");
    private static final Set<String> BOOLEANS = Set.of("quiet");

    @Override
    public String summary() {
        return "train a tagger (or intent classifier) and report validation/test scores";
    }

    @Override
    public String help() {
        TrainSettings d = new TrainSettings();
        return String.join("\n",
                "usage: rnnslu train --data DIR --out MODEL_DIR [options]",
                "",
                "Trains RNNSLU's Elman network with the tutorial's recipe: per-sentence SGD, shuffled each epoch,",
                "validation and test scored after every epoch, the best model (by validation) kept and saved,",
                "lr halved and the best model restored after --patience epochs without improvement, stop when",
                "lr < --min-lr. Ends with the line 'BEST RESULT: epoch E valid F1 V test F1 T' (intent: ACC;",
                "joint: 'valid F1 V ACC A test F1 T ACC B'; the best model is picked by F1, ACC or their mean).",
                "",
                "data:",
                "  --data DIR            folder with train/, dev/ (or valid/), test/ in the ATIS layout",
                "                        (seq.in, seq.out, label) or train/dev/test CoNLL files",
                "  --task slots|intent|joint   slot filling (default), intent classification (reads 'label'),",
                "                        or both in one network (a slot softmax per word + an intent softmax on",
                "                        the last hidden state; loss = slot loss + intent loss)",
                "  --intent-objective all-steps|last-step   --task intent: the sentence label as the target of",
                "                        every word (default, mean over words) or of the last word only",
                "  --digits true|false   each digit -> DIGIT (default true)",
                "  --min-count N         training words seen fewer than N times -> <UNK> (default 2; 1 = off)",
                "  --lowercase true|false  lowercase words (default false)",
                "model and recipe (defaults: the tutorial's):",
                "  --lr X                learning rate (default " + d.lr + ")",
                "  --win N               context window, odd (default " + d.window + ")",
                "  --nh N                hidden units (default " + d.hidden + ")",
                "  --de N                embedding dimension (default " + d.embedding + ")",
                "  --seed N              seed for initialisation and shuffling (default " + d.seed + ")",
                "  --epochs N            at most N epochs (default " + d.epochs + ")",
                "  --patience N          epochs without improvement before lr is halved (default " + d.patience + ")",
                "  --decay true|false    halve lr on a plateau (default true)",
                "  --min-lr X            stop when lr falls below X (default " + d.minLr + ")",
                "output:",
                "  --out DIR             where the best model is saved (replaced atomically at each new best)",
                "  --predictions FILE    write the best model's test predictions as 'word gold predicted' lines",
                "                        for conlleval.pl",
                "  --progress auto|live|lines   rewrite the progress line in place (live) or print one per epoch",
                "  --kernels auto|scalar|vector",
                "  --quiet               only the final lines",
                "");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args a = new Args("train", argv, VALUED, BOOLEANS);
        if (!a.positionals().isEmpty()) {
            throw new UsageException("train: unexpected argument '" + a.positionals().get(0) + "'");
        }
        Path dataDir = Path.of(a.require("data"));
        Path outDir = Path.of(a.require("out"));
        Task task = Task.parse(a.get("task", "slots"));
        if (task == null) {
            throw new UsageException("train: --task takes slots, intent or joint, got '" + a.get("task", "") + "'");
        }
        Objective objective = objective(task, a.get("intent-objective", "all-steps"));
        TrainSettings settings = settings(a);
        Preprocessing pre = new Preprocessing(bool(a, "digits", true), a.intValue("min-count", 2), bool(a, "lowercase", false));
        Kernels kernels = CliSupport.kernels(a.get("kernels", "auto"));

        Splits splits = Splits.load(dataDir);
        Vocabulary vocab = Vocabulary.build(splits.train(), pre);
        LabelSet slotLabels = task.hasSlots() ? LabelSet.ofSlots(splits.train()) : null;
        LabelSet intentLabels = task.hasIntent() ? LabelSet.ofIntents(splits.train()) : null;
        Encoded train = Encoded.encode(splits.train(), vocab, slotLabels, intentLabels);
        int bad = train.firstUnknownLabel();
        if (bad >= 0) {
            throw new InputException(dataDir, 0, "training utterance " + (bad + 1) + " has no "
                    + (train.intents() != null && train.intents()[bad] < 0 ? "intent label" : "slot labels"));
        }
        Evaluation dev = evaluation(task, splits.dev(), vocab, slotLabels, intentLabels, "dev");
        Evaluation test = evaluation(task, splits.test(), vocab, slotLabels, intentLabels, "test");
        LabelSet outputs = task == Task.INTENT ? intentLabels : slotLabels; // the per-word softmax's classes
        int ni = task == Task.JOINT ? intentLabels.size() : 0;
        Dims dims = new Dims(vocab.size(), settings.embedding, settings.window, settings.hidden, outputs.size(), ni);
        Examples examples = new Examples(train.words(), train.slots(), train.intents());

        boolean quiet = a.flag("quiet");
        PrintStream info = quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : out;
        info.printf(Locale.ROOT, "data: %s: %d train / %d dev / %d test utterances, %,d training words%n", dataDir,
                splits.train().size(), splits.dev().size(), splits.test().size(), examples.tokenCount());
        info.printf(Locale.ROOT, "model: task %s, %d words (ne), %d classes (nc)%s, kernels %s%n", task.id(), vocab.size(),
                outputs.size(), ni > 0 ? ", " + ni + " intents (ni)" : "", kernels.name());
        info.println("recipe: " + settings + (task == Task.INTENT ? " objective=" + a.get("intent-objective", "all-steps") : ""));

        Trainer.Listener progress = quiet ? new Trainer.Listener() {} : new ProgressPrinter(out, live(a));
        ModelFolder.Contents[] saved = new ModelFolder.Contents[1];
        Trainer.Scorer scorer = (params, epoch) -> {
            Evaluation.Result v = dev.evaluate(params, kernels);
            Evaluation.Result t = test.evaluate(params, kernels);
            return new Trainer.Scores(v.selection(), v.text(), t.text());
        };
        Trainer.Scorer saving = new SavingScorer(scorer, outDir, vocab, outputs, intentLabels, task);
        long start = System.nanoTime();
        Trainer.Result result;
        try {
            result = new Trainer(settings, kernels).train(dims, examples, objective, saving, progress);
        } catch (Trainer.DivergedException e) {
            err.println("rnnslu train: " + e.getMessage()
                    + (e.best != null ? "; the best model so far (epoch " + e.bestEpoch + ") is in " + outDir : ""));
            return 1;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        info.printf(Locale.ROOT, "%d epochs in %.1f s (training %.1f s, %,.0f words/s; the rest is evaluation)%n",
                result.epochsRun(), wall, result.trainSeconds(), result.trainTokens() / Math.max(1e-9, result.trainSeconds()));
        Evaluation.Result bestTest = test.evaluate(result.best(), kernels);
        if (task == Task.JOINT) {
            info.printf(Locale.ROOT, "best model on test: slot F1 %.2f, intent accuracy %.2f, sentence accuracy %.2f%n",
                    bestTest.f1(), bestTest.accuracy(), bestTest.sentenceAccuracy());
        }
        if (a.has("predictions") && task.hasSlots()) {
            Predictor best = new Predictor(result.best(), kernels);
            Path file = Path.of(a.get("predictions", ""));
            PredictionsWriter.write(file, wordsOf(splits.test()), test.goldSlots(), test.predictedSlots(best));
            info.println("test predictions of the best model: " + file + " (conlleval.pl < " + file + ")");
        }
        out.println("BEST RESULT: epoch " + result.bestEpoch() + " valid " + result.bestScores().validText() + " test "
                + result.bestScores().testText());
        out.println("model: " + outDir);
        return 0;
    }

    private static Evaluation evaluation(Task task, List<Utterance> data, Vocabulary vocab, LabelSet slots,
                                         LabelSet intents, String split) {
        try {
            return new Evaluation(task, data, vocab, slots, intents);
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: the " + split + " split: " + e.getMessage());
        }
    }

    /** Saves the model each time the validation score improves, like the tutorial's savemodel. */
    private static final class SavingScorer implements Trainer.Scorer {
        private final Trainer.Scorer inner;
        private final Path outDir;
        private final Vocabulary vocab;
        private final LabelSet labels;
        private final LabelSet intents;
        private final Task task;
        private double best = Double.NEGATIVE_INFINITY;

        SavingScorer(Trainer.Scorer inner, Path outDir, Vocabulary vocab, LabelSet labels, LabelSet intents, Task task) {
            this.inner = inner;
            this.outDir = outDir;
            this.vocab = vocab;
            this.labels = labels;
            this.intents = task == Task.JOINT ? intents : null;
            this.task = task;
        }

        @Override
        public Trainer.Scores score(Params params, int epoch) {
            Trainer.Scores s = inner.score(params, epoch);
            if (s.valid() > best) {
                best = s.valid();
                try {
                    ModelFolder.save(outDir, new ModelFolder.Contents(params, vocab, labels, intents, task));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return s;
        }
    }

    static List<String[]> wordsOf(List<Utterance> data) {
        return data.stream().map(Utterance::words).collect(java.util.stream.Collectors.toList());
    }

    private static Objective objective(Task task, String name) {
        if (task != Task.INTENT) {
            return Objective.PER_WORD;
        }
        switch (name) {
            case "all-steps": return Objective.ALL_STEPS;
            case "last-step": return Objective.LAST_STEP;
            default: throw new UsageException("train: --intent-objective takes all-steps or last-step, got '" + name + "'");
        }
    }

    private static TrainSettings settings(Args a) {
        TrainSettings d = new TrainSettings();
        try {
            return d.withLr(a.doubleValue("lr", d.lr))
                    .withWindow(a.intValue("win", d.window))
                    .withHidden(a.intValue("nh", d.hidden))
                    .withEmbedding(a.intValue("de", d.embedding))
                    .withSeed(a.longValue("seed", d.seed))
                    .withEpochs(a.intValue("epochs", d.epochs))
                    .withPatience(a.intValue("patience", d.patience))
                    .withDecay(bool(a, "decay", d.decay))
                    .withMinLr(a.doubleValue("min-lr", d.minLr));
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: " + e.getMessage());
        }
    }

    private static boolean bool(Args a, String name, boolean fallback) {
        String v = a.get(name, String.valueOf(fallback));
        if (!v.equals("true") && !v.equals("false")) {
            throw new UsageException("train: --" + name + " takes true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static boolean live(Args a) {
        String mode = a.get("progress", "auto");
        switch (mode) {
            case "live": return true;
            case "lines": return false;
            case "auto": return System.console() != null;
            default: throw new UsageException("train: --progress takes auto, live or lines, got '" + mode + "'");
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
