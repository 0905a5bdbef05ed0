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
                "lr < --min-lr. Ends with the line 'BEST RESULT: epoch E valid F1 V test F1 T'.",
                "",
                "data:",
                "  --data DIR            folder with train/, dev/ (or valid/), test/ in the ATIS layout",
                "                        (seq.in, seq.out, label) or train/dev/test CoNLL files",
                "  --task slots|intent   slot filling (default) or intent classification (reads 'label')",
                "  --intent-objective all-steps|last-step   intent loss on every word (default) or the last",
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
            throw new UsageException("train: --task takes slots or intent, got '" + a.get("task", "") + "'");
        }
        Objective objective = objective(task, a.get("intent-objective", "all-steps"));
        TrainSettings settings = settings(a);
        Preprocessing pre = new Preprocessing(bool(a, "digits", true), a.intValue("min-count", 2), bool(a, "lowercase", false));
        Kernels kernels = CliSupport.kernels(a.get("kernels", "auto"));

        Splits splits = Splits.load(dataDir);
        Vocabulary vocab = Vocabulary.build(splits.train(), pre);
        LabelSet labels = task == Task.SLOTS ? LabelSet.ofSlots(splits.train()) : LabelSet.ofIntents(splits.train());
        Encoded train = encode(splits.train(), vocab, labels, task);
        int bad = train.firstUnknownLabel();
        if (bad >= 0) {
            throw new InputException(dataDir, 0, "training utterance " + (bad + 1) + " has no "
                    + (task == Task.SLOTS ? "slot labels" : "intent label"));
        }
        Evaluation dev = new Evaluation(task, splits.dev(), encode(splits.dev(), vocab, labels, task), labels);
        Evaluation test = new Evaluation(task, splits.test(), encode(splits.test(), vocab, labels, task), labels);
        Dims dims = new Dims(vocab.size(), settings.embedding, settings.window, settings.hidden, labels.size());
        Examples examples = new Examples(train.words(), train.slots(), train.intents());
        String metric = task == Task.SLOTS ? "F1" : "ACC";

        boolean quiet = a.flag("quiet");
        PrintStream info = quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : out;
        info.printf(Locale.ROOT, "data: %s: %d train / %d dev / %d test utterances, %,d training words%n", dataDir,
                splits.train().size(), splits.dev().size(), splits.test().size(), examples.tokenCount());
        info.printf(Locale.ROOT, "model: task %s, %d words (ne), %d labels (nc), kernels %s%n", task.id(), vocab.size(),
                labels.size(), kernels.name());
        info.println("recipe: " + settings + (task == Task.SLOTS ? "" : " objective=" + objective.name().toLowerCase(Locale.ROOT)));

        Trainer.Listener progress = quiet ? new Trainer.Listener() {} : new ProgressPrinter(out, live(a), metric);
        Trainer.Scorer scorer = (params, epoch) -> new double[] {dev.score(params, kernels), test.score(params, kernels)};
        SavingScorer saving = new SavingScorer(scorer, outDir, vocab, labels, task);
        long start = System.nanoTime();
        Trainer.Result result;
        try {
            result = new Trainer(settings, kernels).train(dims, examples, objective, saving, progress);
        } catch (Trainer.DivergedException e) {
            err.println("rnnslu train: " + e.getMessage());
            if (e.best != null) {
                err.println("rnnslu train: the best model so far (epoch " + e.bestEpoch + ") is in " + outDir);
            }
            return 1;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        info.printf(Locale.ROOT, "%d epochs in %.1f s (training %.1f s, %,.0f words/s; the rest is evaluation)%n",
                result.epochsRun(), wall, result.trainSeconds(), result.trainTokens() / Math.max(1e-9, result.trainSeconds()));
        if (a.has("predictions") && task == Task.SLOTS) {
            Predictor best = new Predictor(result.best(), kernels);
            Path file = Path.of(a.get("predictions", ""));
            PredictionsWriter.write(file, wordsOf(splits.test()), test.goldSlots(), test.predictedSlots(best));
            info.println("test predictions of the best model: " + file + " (conlleval.pl < " + file + ")");
        }
        out.printf(Locale.ROOT, "BEST RESULT: epoch %d valid %s %s test %s %s%n", result.bestEpoch(), metric,
                fmt(result.bestValid()), metric, fmt(result.bestTest()));
        out.println("model: " + outDir);
        return 0;
    }

    /** Saves the model each time the validation score improves, like the tutorial's savemodel. */
    private static final class SavingScorer implements Trainer.Scorer {
        private final Trainer.Scorer inner;
        private final Path outDir;
        private final Vocabulary vocab;
        private final LabelSet labels;
        private final Task task;
        private double best = Double.NEGATIVE_INFINITY;

        SavingScorer(Trainer.Scorer inner, Path outDir, Vocabulary vocab, LabelSet labels, Task task) {
            this.inner = inner;
            this.outDir = outDir;
            this.vocab = vocab;
            this.labels = labels;
            this.task = task;
        }

        @Override
        public double[] score(Params params, int epoch) {
            double[] s = inner.score(params, epoch);
            if (s[0] > best) {
                best = s[0];
                try {
                    ModelFolder.save(outDir, new ModelFolder.Contents(params, vocab, labels, task));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return s;
        }
    }

    static Encoded encode(List<Utterance> data, Vocabulary vocab, LabelSet labels, Task task) {
        return Encoded.encode(data, vocab, task == Task.SLOTS ? labels : null, task == Task.INTENT ? labels : null);
    }

    static List<String[]> wordsOf(List<Utterance> data) {
        return data.stream().map(Utterance::words).collect(java.util.stream.Collectors.toList());
    }

    private static Objective objective(Task task, String name) {
        if (task == Task.SLOTS) {
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
