package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Splits;
import org.rnnslu.data.Utterance;
import org.rnnslu.eval.PredictionsWriter;
import org.rnnslu.io.FolderLock;
import org.rnnslu.train.Checkpoint;
import org.rnnslu.train.RecipeFile;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;
import org.rnnslu.eval.Evaluation;
import org.rnnslu.inference.Decoding;
import org.rnnslu.inference.Predictor;
import org.rnnslu.train.TrainSettings;
import org.rnnslu.train.Trainer;
import org.rnnslu.train.Training;
import org.rnnslu.train.TrainingListener;
import org.rnnslu.train.TrainingRecipe;
import org.rnnslu.train.TrainingReport;

/** {@code train}: the tutorial's recipe, from labelled text to a saved model and its scores. */
final class TrainCommand implements Main.Command {

    private static final Set<String> VALUED = Set.of("data", "out", "task", "intent-objective", "lr", "win", "nh",
            "de", "seed", "epochs", "patience", "min-lr", "min-count", "digits", "lowercase", "decay", "kernels",
            "predictions", "progress", "batch", "threads", "intent-pool", "intent-head", "bptt", "objective", "preset",
            "direction", "recurrence", "config", "decode", "seeds", "output", "embeddings", "embeddings-sha256",
            "dropout", "dropout-hidden");
    private static final Set<String> BOOLEANS = Set.of("quiet", "resume", "freeze-embeddings");

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
                "                        (seq.in, seq.out, label), train/dev/test CoNLL files, or the",
                "                        tutorial's or is13's pickle (atis.pkl, atis.fold3.pkl.gz; docs/pickles.md)",
                "  --task slots|intent|joint   slot filling (default), intent classification (reads 'label'),",
                "                        or both in one network (a slot softmax per word + an intent softmax on",
                "                        the last hidden state; loss = slot loss + intent loss)",
                "  --intent-objective all-steps|last-step   --task intent: the sentence label as the target of",
                "                        every word (default, mean over words) or of the last word only",
                "  --intent-head true|false   --task intent: add an intent softmax on the hidden states (as the",
                "                        joint model's), trained alongside --intent-objective; the intent is read",
                "                        from it (default false)",
                "  --intent-pool last|mean|max   how the intent is read: the intent head (joint, or --intent-head)",
                "                        on h at the last word, on mean_t h_t or on max_t h_t (per unit); without",
                "                        a head (--task intent), argmax p at the last word or argmax mean_t p_t",
                "                        (max needs a head; default last)",
                "network (defaults: the tutorial's Elman network, left to right):",
                "  --direction forward|bi  bi: a second recurrence, right to left with its own weights; the",
                "                        output layer (and the intent head) read [h_fwd; h_bwd] (default forward)",
                "  --recurrence elman|jordan|hybrid  jordan: h_t reads the previous word's output distribution",
                "                        instead of h_{t-1} (is13's jordan.py); hybrid: h_{t-1} and that",
                "                        distribution (Mesnil et al. 2015's Elman-Jordan hybrid); jordan and",
                "                        hybrid run left to right only (default elman)",
                "  --output softmax|crf  crf: a linear-chain CRF over the per-word scores, with learned label",
                "                        transitions, trained by the sentence log-likelihood and decoded by",
                "                        Viterbi (slots and joint; not with --bptt, jordan or hybrid) (default softmax)",
                "  --digits true|false   each digit -> DIGIT (default true)",
                "  --min-count N         training words seen fewer than N times -> <UNK> (default 2; 1 = off)",
                "  --lowercase true|false  lowercase words (default false)",
                "model and recipe (defaults: the tutorial's):",
                "  --lr X                learning rate (default " + d.lr + ")",
                "  --win N               context window, odd (default " + d.window + ")",
                "  --nh N                hidden units (default " + d.hidden + ")",
                "  --de N                embedding dimension (default " + d.embedding + "; with --embeddings, the file's)",
                "  --embeddings FILE     initialise the embedding rows of the vocabulary words found in FILE, a",
                "                        word2vec/GloVe text file ('word v1 ... vd' lines, optional 'COUNT DIM'",
                "                        first line); words are looked up after --digits/--lowercase; the other",
                "                        rows stay random (docs/embeddings.md)",
                "  --embeddings-sha256 HEX   refuse an embeddings file with another SHA-256 (recipe.properties",
                "                        records the file's, so --config trains with the same vectors)",
                "  --freeze-embeddings   do not train the embeddings (no update, no normalisation); the other",
                "                        parameters train as usual",
                "  --dropout P           during training only, zero each element of the input windows (the",
                "                        concatenated embeddings) with probability P and scale the others by",
                "                        1/(1-P); masks seeded by --seed, epoch and sentence; tagging and scoring",
                "                        never drop (0 <= P < 1; default 0: off; not with --bptt;",
                "                        docs/regularization.md)",
                "  --dropout-hidden P    the same on the hidden states the output layer and the intent head read",
                "                        (h_t, and hb_t with --direction bi); the recurrence carries them undropped",
                "                        (0 <= P < 1; default 0: off; not with --bptt or --recurrence jordan|hybrid)",
                "  --seed N              seed for initialisation, shuffling and dropout (default " + d.seed + ")",
                "  --epochs N            at most N epochs (default " + d.epochs + ")",
                "  --patience N          epochs without improvement before lr is halved (default " + d.patience + ")",
                "  --decay true|false    halve lr on a plateau (default true)",
                "  --min-lr X            stop when lr falls below X (default " + d.minLr + ")",
                "is13's regime (mesnilgr/is13 elman-forward.py):",
                "  --bptt BS             one SGD step + normalise per word instead of per sentence: word t's call",
                "                        runs the windows of words max(0, t-BS+1) .. t from h0 (is13's minibatch)",
                "  --objective last-step|all-steps   with --bptt: the loss on the call's last row only (is13's",
                "                        -log s[-1,0,:][y], default), or y = word t's label at every row (a scalar y",
                "                        in the tutorial's -mean(log p[arange(n), y]) broadcasts: the hybrid)",
                "  --preset is13         is13's settings: --lr " + TrainSettings.IS13_LR + " --win 7 --nh 100 --de 100",
                "                        --seed 345 --epochs 50 --decay false --bptt 9 --objective last-step;",
                "                        flags given as well override them",
                "speed:",
                "  --batch B             sentences per update (default 1: the tutorial's per-sentence SGD); B > 1",
                "                        averages B gradients, computed by --threads workers",
                "  --threads T           workers for mini-batches and evaluation (default: all processors);",
                "                        results are deterministic for a given T; with --batch 1 and T >= 2,",
                "                        each epoch is scored on a thread of its own while the next one trains",
                "                        (the same results as T = 1)",
                "  --config FILE         the settings of a recipe.properties (every model folder has one): its",
                "                        keys are these flags' names; flags given as well override them",
                "output:",
                "  --out DIR             where the best model is saved (replaced atomically at each new best); only",
                "                        a folder rnnslu wrote is replaced, and DIR.lock keeps a second run out;",
                "                        a name ending in .zip is written as one store-only zip file instead",
                "  --decode argmax|viterbi   how dev and test choose slot labels (and so the best epoch): each",
                "                        word's argmax (default) or the most probable valid IOB sequence;",
                "                        recorded in the model, so tag and eval decode the same way",
                "  --seeds S1,S2,...     one run per seed, into OUT/seed-S each (as alone: same model files as",
                "                        train --seed S with the same threads per run); prints each BEST RESULT,",
                "                        then mean and sd of every score, also in OUT/seeds.tsv and OUT/seeds.json.",
                "                        With --batch 1 the runs take 1 thread each and --threads of them run at",
                "                        once; with mini-batches one runs at a time on --threads",
                "  --predictions FILE    write the best model's test predictions as 'word gold predicted' lines",
                "                        for conlleval.pl",
                "  --progress auto|live|lines   rewrite the progress line in place (live) or print one per epoch",
                "  --resume              continue an interrupted run from OUT.checkpoint (same settings and data):",
                "                        the result is the same as an uninterrupted run's",
                "  --kernels auto|scalar|vector",
                "  --quiet               only the final lines",
                "");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args args = new Args("train", argv, VALUED, BOOLEANS);
        if (args.has("seeds")) {
            Args a = withConfig(args, argv);
            return SeedsRun.run(a, recipe(a, err), out, err); // each seed's folder is locked on its own
        }
        Path outDir = Path.of(args.require("out"));
        try (FolderLock lock = FolderLock.forTraining(outDir, Checkpoint.folderFor(outDir),
                notice -> err.println("rnnslu train: " + notice))) {
            return runLocked(argv, out, err);
        }
    }

    /** The run, holding the lock on --out (a second run on it fails naming this one). */
    private int runLocked(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args a = withConfig(new Args("train", argv, VALUED, BOOLEANS), argv);
        if (!a.positionals().isEmpty()) {
            throw new UsageException("train: unexpected argument '" + a.positionals().get(0) + "'");
        }
        Path dataDir = Path.of(a.require("data"));
        Path outDir = Path.of(a.require("out"));
        TrainingRecipe recipe = recipe(a, err);
        Kernels kernels = CliSupport.kernels(a.get("kernels", "auto"));
        Training training = prepare(recipe, dataDir);
        Task task = recipe.task();
        Dims dims = training.dims();
        Splits splits = training.splits();
        int ni = dims.ni();

        boolean quiet = a.flag("quiet");
        PrintStream info = quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : out;
        info.printf(Locale.ROOT, "data: %s: %d train / %d dev / %d test utterances, %,d training words%n", dataDir,
                splits.train().size(), splits.dev().size(), splits.test().size(), training.examples().tokenCount());
        info.printf(Locale.ROOT, "model: task %s, %d words (ne), %d classes (nc)%s, kernels %s%n", task.id(),
                training.vocabulary().size(), training.labels().size(), ni > 0 ? ", " + ni + " intents (ni)" : "", kernels.name());
        if (recipe.embeddingsFile() != null || recipe.settings().freezeEmbeddings) {
            info.println("embeddings: " + training.embeddingsSummary());
        }
        info.println("recipe: " + recipe.settings() + (task == Task.INTENT ? " objective=" + a.get("intent-objective", "all-steps") : "")
                + (recipe.settings().bptt > 0 ? " objective=" + a.get("objective", "last-step") : "")
                + (task.hasIntent() ? " intent_pool=" + dims.pool().id() + (ni > 0 ? " (intent head)" : "") : "")
                + architectureNote(dims.arch()));

        TrainSettings settings = recipe.settings();
        int threads = recipe.threads();
        RunWatch watch = new RunWatch(outDir, Checkpoint.folderFor(outDir), err);
        TrainingListener listener = new CliListener(quiet ? null : new ProgressPrinter(out, live(a)), info, watch);
        TrainingReport result;
        long start = System.nanoTime();
        boolean background = Trainer.scoresInBackground(settings.batch, threads);
        try {
            watch.start();
            result = training.run(kernels, outDir, a.flag("resume"), listener, null);
        } catch (Trainer.DivergedException e) {
            err.println("rnnslu train: " + e.getMessage() + (watch.bestEpoch >= 0
                    ? "; the best model so far (epoch " + watch.bestEpoch + ") is in " + outDir : ""));
            return 1;
        } finally {
            watch.stop();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        int trainThreads = settings.batch == 1 ? 1 : Math.min(threads, settings.batch);
        info.printf(Locale.ROOT, "%d epochs in %.1f s: training %.2f s per epoch, %,.0f words/s (batch %d, %d thread%s,"
                        + " kernels %s); %s%n", result.epochsRun(), wall,
                result.trainSeconds() / Math.max(1, result.epochsRun()), result.trainTokens() / Math.max(1e-9, result.trainSeconds()),
                settings.batch, trainThreads, trainThreads == 1 ? "" : "s", kernels.name(),
                background ? "each epoch scored on another thread while the next one trained" : "the rest is evaluation");
        Evaluation test = training.test();
        Params best = result.best().params();
        if (task == Task.JOINT) {
            Evaluation.Result bestTest = test.evaluate(best, kernels);
            info.printf(Locale.ROOT, "best model on test: slot F1 %.2f, intent accuracy %.2f, sentence accuracy %.2f%n",
                    bestTest.f1(), bestTest.accuracy(), bestTest.sentenceAccuracy());
        }
        if (a.has("predictions") && task.hasSlots()) {
            Predictor predictor = test.predictor(best, kernels);
            Path file = Path.of(a.get("predictions", ""));
            PredictionsWriter.write(file, wordsOf(splits.test()), test.goldSlots(), test.predictedSlots(predictor));
            info.println("test predictions of the best model: " + file + " (conlleval.pl < " + file + ")");
        }
        out.println("BEST RESULT: epoch " + result.bestEpoch() + " valid " + result.bestScores().validText() + " test "
                + result.bestScores().testText());
        out.println("model: " + outDir);
        return 0;
    }

    /**
     * --config FILE: its settings (checked line by line, {@link RecipeFile#entries}) as flags before
     * the command line's, which override them.
     */
    private static Args withConfig(Args a, String[] argv) throws IOException {
        if (!a.has("config")) {
            return a;
        }
        List<String> merged = new java.util.ArrayList<>();
        for (RecipeFile.Entry e : RecipeFile.entries(Path.of(a.get("config", "")))) {
            if (BOOLEANS.contains(e.key())) {
                merged.add("--" + e.key() + "=" + e.value()); // a flag without a value of its own
            } else {
                merged.add("--" + e.key());
                merged.add(e.value());
            }
        }
        merged.addAll(List.of(argv));
        return new Args("train", merged.toArray(new String[0]), VALUED, BOOLEANS);
    }

    /** The recipe from the flags; a bad value or combination is a usage error naming the flag. */
    /**
     * --threads, at most the processors: more workers than cores only wait for each other (1000
     * on 16 cores ran 28 times slower than 16), so a larger value is capped, with a notice.
     */
    static int threads(Args a, PrintStream err) {
        int cores = Runtime.getRuntime().availableProcessors();
        int asked = a.intValue("threads", cores);
        if (asked > cores) {
            err.println("rnnslu train: --threads " + asked + " capped at the " + cores + " processors of this machine");
            return cores;
        }
        return asked;
    }

    /** " recurrence=jordan direction=bi" for what is not the tutorial's network, else nothing. */
    private static String architectureNote(Architecture arch) {
        return (arch.recurrence() != Architecture.TUTORIAL.recurrence() ? " recurrence=" + arch.recurrence().id() : "")
                + (arch.direction() != Architecture.TUTORIAL.direction() ? " direction=" + arch.direction().id() : "")
                + (arch.output() != Architecture.TUTORIAL.output() ? " output=" + arch.output().id() : "");
    }

    /** --recurrence, --direction and --output. */
    private static Architecture architecture(Args a) {
        Architecture.Recurrence r = Architecture.Recurrence.parse(a.get("recurrence", "elman"));
        if (r == null) {
            throw new UsageException("train: --recurrence takes elman, jordan or hybrid, got '" + a.get("recurrence", "") + "'");
        }
        Architecture.Direction d = Architecture.Direction.parse(a.get("direction", "forward"));
        if (d == null) {
            throw new UsageException("train: --direction takes forward or bi, got '" + a.get("direction", "") + "'");
        }
        Architecture.Output o = Architecture.Output.parse(a.get("output", "softmax"));
        if (o == null) {
            throw new UsageException("train: --output takes softmax or crf, got '" + a.get("output", "") + "'");
        }
        return Architecture.TUTORIAL.withRecurrence(r).withDirection(d).withOutput(o);
    }

    static TrainingRecipe recipe(Args a, PrintStream err) {
        Task task = Task.parse(a.get("task", "slots"));
        if (task == null) {
            throw new UsageException("train: --task takes slots, intent or joint, got '" + a.get("task", "") + "'");
        }
        TrainSettings settings = settings(a);
        if (settings.bptt == 0 && a.has("objective")) {
            throw new UsageException("train: --objective is for --bptt (an intent model's is --intent-objective)");
        }
        Objective objective = settings.bptt > 0 ? bpttObjective(a) : objective(task, a.get("intent-objective", "all-steps"));
        Preprocessing pre = new Preprocessing(bool(a, "digits", true), a.intValue("min-count", 2), bool(a, "lowercase", false));
        boolean head = bool(a, "intent-head", false);
        Pooling pool = Pooling.parse(a.get("intent-pool", "last"));
        if (pool == null) {
            throw new UsageException("train: --intent-pool takes last, mean or max, got '" + a.get("intent-pool", "") + "'");
        }
        try {
            return TrainingRecipe.builder().task(task).objective(objective).settings(settings).preprocessing(pre)
                    .intentHead(head).pool(pool).architecture(architecture(a))
                    .decoding(CliSupport.decoding("train", a, Decoding.ARGMAX)).threads(threads(a, err))
                    .embeddings(a.has("embeddings") ? embeddingsFile(a) : null)
                    .embeddingsSha256(a.has("embeddings-sha256") ? a.get("embeddings-sha256", "") : null)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: " + e.getMessage());
        }
    }

    private static Training prepare(TrainingRecipe recipe, Path dataDir) throws IOException {
        try {
            return Training.prepare(recipe, dataDir);
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: " + e.getMessage()); // a split without what the task scores
        }
    }

    /** The run's events: progress to the printer (none with --quiet), resuming to info, the rest to the watch. */
    private static final class CliListener implements TrainingListener {
        private final ProgressPrinter printer;
        private final PrintStream info;
        private final RunWatch watch;

        CliListener(ProgressPrinter printer, PrintStream info, RunWatch watch) {
            this.printer = printer;
            this.info = info;
            this.watch = watch;
        }

        @Override
        public void resumed(int nextEpoch, int bestEpoch, Trainer.Scores best, double lr) {
            info.println("resuming at epoch " + nextEpoch + " (best so far: epoch " + bestEpoch + " valid "
                    + best.validText() + ", lr " + lr + ")");
        }

        @Override
        public void progress(int epoch, int done, int total, double seconds, long tokens) {
            if (printer != null) {
                printer.progress(epoch, done, total, seconds, tokens);
            }
        }

        @Override
        public void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Trainer.Scores scores,
                             boolean newBest, double lr) {
            if (printer != null) {
                printer.epochEnd(epoch, seconds, tokens, meanLoss, scores, newBest, lr);
            }
        }

        @Override
        public void decayed(int epoch, double newLr, int bestEpoch) {
            if (printer != null) {
                printer.decayed(epoch, newLr, bestEpoch);
            }
        }

        @Override
        public void epochSaved(int epoch, int bestEpoch) {
            watch.epochDone(epoch, bestEpoch);
        }
    }

    /**
     * Knows where the run's files are, and on Ctrl-C (SIGINT) or kill says so: the best model is
     * whole on disk (it is replaced atomically), and the checkpoint of the last finished epoch lets
     * --resume continue.
     */
    private static final class RunWatch {
        private final Path outDir;
        private final Path checkpointDir;
        private final PrintStream err;
        private volatile int bestEpoch = -1;
        private volatile int lastEpoch = -1;
        private volatile boolean done;
        private Thread hook;

        RunWatch(Path outDir, Path checkpointDir, PrintStream err) {
            this.outDir = outDir;
            this.checkpointDir = checkpointDir;
            this.err = err;
        }

        void start() {
            hook = new Thread(() -> {
                if (done) {
                    return;
                }
                err.println();
                err.println("rnnslu train: interrupted" + (lastEpoch >= 0 ? " after epoch " + lastEpoch : " before the first epoch ended")
                        + (bestEpoch >= 0 ? "; the best model (epoch " + bestEpoch + ") is intact in " + outDir
                        + "; continue with the same command plus --resume (checkpoint: " + checkpointDir + ")" : ""));
                err.flush();
            }, "rnnslu-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        void epochDone(int epoch, int best) {
            lastEpoch = epoch;
            bestEpoch = best;
        }

        void stop() {
            done = true;
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting: the hook has run or will
                }
            }
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

    /** --objective, for --bptt: which rows of each call the loss reads. */
    private static Objective bpttObjective(Args a) {
        String name = a.get("objective", "last-step");
        switch (name) {
            case "last-step": return Objective.LAST_STEP;
            case "all-steps": return Objective.ALL_STEPS;
            default: throw new UsageException("train: --objective takes last-step or all-steps, got '" + name + "'");
        }
    }

    /** --preset: the defaults every other recipe flag overrides. */
    private static TrainSettings preset(String name) {
        switch (name) {
            case "tutorial": return new TrainSettings();
            case "is13": return TrainSettings.is13();
            default: throw new UsageException("train: --preset takes tutorial or is13, got '" + name + "'");
        }
    }

    /** --embeddings FILE as a path (a name the file system refuses is a usage error). */
    private static Path embeddingsFile(Args a) {
        String name = a.get("embeddings", "");
        try {
            if (!name.isEmpty()) {
                return Path.of(name);
            }
        } catch (java.nio.file.InvalidPathException e) {
            // below
        }
        throw new UsageException("train: --embeddings takes a file name, got '" + name + "'");
    }

    /**
     * --de, else with --embeddings the file's dimension (read from its first line or two; a bad file
     * is an InputException naming it), else the preset's.
     */
    private static int embeddingDimension(Args a, TrainSettings preset) {
        if (a.has("de") || !a.has("embeddings")) {
            return a.intValue("de", preset.embedding);
        }
        try {
            return org.rnnslu.data.WordVectors.dimension(embeddingsFile(a));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static TrainSettings settings(Args a) {
        TrainSettings d = preset(a.get("preset", "tutorial"));
        try {
            return d.withLr(a.doubleValue("lr", d.lr))
                    .withWindow(a.intValue("win", d.window))
                    .withHidden(a.intValue("nh", d.hidden))
                    .withEmbedding(embeddingDimension(a, d))
                    .withSeed(a.longValue("seed", d.seed))
                    .withEpochs(a.intValue("epochs", d.epochs))
                    .withPatience(a.intValue("patience", d.patience))
                    .withDecay(bool(a, "decay", d.decay))
                    .withMinLr(a.doubleValue("min-lr", d.minLr))
                    .withBatch(a.intValue("batch", d.batch))
                    .withBptt(a.intValue("bptt", d.bptt))
                    .withFreezeEmbeddings(a.flag("freeze-embeddings"))
                    .withDropout(a.doubleValue("dropout", 0))
                    .withDropoutHidden(a.doubleValue("dropout-hidden", 0));
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
