package org.rnnslu.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rnnslu.data.Encoded;
import org.rnnslu.io.InputException;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Splits;
import org.rnnslu.data.Utterance;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.data.WordVectors;
import org.rnnslu.data.pickle.AtisPickle;
import org.rnnslu.eval.Evaluation;
import org.rnnslu.inference.Decoding;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.InputTable;
import org.rnnslu.model.Model;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;
import org.rnnslu.util.Workers;

/**
 * Training from labelled data to a model: the library's entry point for it, which {@code rnnslu
 * train} uses too. {@link #prepare} reads the splits and builds the vocabulary, the label sets and
 * the encoded training set; {@link #run} trains with the recipe, scoring validation and test after
 * each epoch, and returns the best model with a report.
 *
 * <pre>{@code
 *   Training training = Training.prepare(TrainingRecipe.builder().build(), Path.of("data"));
 *   TrainingReport report = training.run(KernelProvider.get(), Path.of("model"), false, listener, new Cancellation());
 * }</pre>
 *
 * <p>A run with an output folder saves the model there at each NEW BEST (replacing the folder
 * atomically) and a checkpoint next to it ({@link Checkpoint#folderFor}) after each epoch, from
 * which a resumed run continues exactly as an uninterrupted one would.
 */
public final class Training {

    private final TrainingRecipe recipe;
    private final Splits splits;
    private final Vocabulary vocabulary;
    private final LabelSet outputs;
    private final LabelSet intents;
    private final Examples examples;
    private final Evaluation dev;
    private final Evaluation test;
    private final Dims dims;
    private final WordVectors vectors; // the pretrained vectors of the vocabulary words (null: none)

    private Training(TrainingRecipe recipe, Splits splits, Vocabulary vocabulary, LabelSet outputs, LabelSet intents,
                     Examples examples, Evaluation dev, Evaluation test, Dims dims, WordVectors vectors) {
        this.recipe = recipe;
        this.splits = splits;
        this.vocabulary = vocabulary;
        this.outputs = outputs;
        this.intents = intents;
        this.examples = examples;
        this.dev = dev;
        this.test = test;
        this.dims = dims;
        this.vectors = vectors;
    }

    /**
     * Reads the train, dev (or valid) and test splits of a dataset folder (see {@link Splits}) and
     * prepares them.
     *
     * @throws InputException naming the file and line of bad data
     * @throws IllegalArgumentException when a split lacks what the task scores
     */
    public static Training prepare(TrainingRecipe recipe, Path dataDir) throws IOException {
        if (AtisPickle.looksLikeOne(dataDir)) { // the tutorial's atis.foldN.pkl.gz: its words and labels, its indices
            AtisPickle p = AtisPickle.read(dataDir);
            if (recipe.task() != Task.SLOTS) {
                throw new InputException(dataDir, 0, "a pickle holds slot labels: it trains --task slots, got --task "
                        + recipe.task().id());
            }
            return prepare(recipe, p.splits(dataDir), dataDir, p.vocabulary(), p.labelSet());
        }
        return prepare(recipe, Splits.load(dataDir), dataDir);
    }

    /**
     * Prepares utterances already in memory (see {@link org.rnnslu.data.Readers} to read files). With
     * an embeddings file in the recipe, reading it may throw {@link UncheckedIOException}.
     */
    public static Training prepare(TrainingRecipe recipe, Splits data) {
        try {
            return prepare(recipe, data, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param dataDir where the splits came from, for error messages (null: in memory) */
    private static Training prepare(TrainingRecipe recipe, Splits splits, Path dataDir) throws IOException {
        return prepare(recipe, splits, dataDir, null, null);
    }

    /** @param vocabulary, slots the given indices (a pickle's), or null: built from the training split */
    private static Training prepare(TrainingRecipe recipe, Splits splits, Path dataDir, Vocabulary vocabulary,
                                    LabelSet slots) throws IOException {
        Task task = recipe.task();
        Vocabulary vocab = vocabulary != null ? vocabulary : Vocabulary.build(splits.train(), recipe.preprocessing());
        LabelSet slotLabels;
        LabelSet intentLabels;
        try {
            slotLabels = slots != null ? slots : task.hasSlots() ? LabelSet.ofSlots(splits.train()) : null;
            intentLabels = task.hasIntent() ? LabelSet.ofIntents(splits.train()) : null;
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() + " (--task " + task.id() + " needs "
                    + (task == Task.INTENT ? "a 'label' file" : "seq.out") + ")";
            throw dataDir == null ? new InputException("the training split", 0, reason, e)
                    : new InputException(Splits.find(dataDir, "train"), 0, reason);
        }
        Encoded train = Encoded.encode(splits.train(), vocab, slotLabels, intentLabels);
        int bad = train.firstUnknownLabel();
        if (bad >= 0) {
            String reason = "training utterance " + (bad + 1) + " has no "
                    + (train.intents() != null && train.intents()[bad] < 0 ? "intent label" : "slot labels");
            throw dataDir == null ? new InputException("the training split", 0, reason, null)
                    : new InputException(dataDir, 0, reason);
        }
        Evaluation dev = evaluation(task, splits.dev(), vocab, slotLabels, intentLabels, "dev").decodedWith(recipe.decoding());
        Evaluation test = evaluation(task, splits.test(), vocab, slotLabels, intentLabels, "test").decodedWith(recipe.decoding());
        LabelSet outputs = task == Task.INTENT ? intentLabels : slotLabels; // the per-word softmax's classes
        int ni = recipe.hasIntentHead() ? intentLabels.size() : 0;
        TrainSettings s = recipe.settings();
        Dims dims = new Dims(vocab.size(), s.embedding, s.window, s.hidden, outputs.size(), ni, recipe.pool())
                .withArch(recipe.architecture());
        Examples examples = new Examples(train.words(), train.slots(), train.intents());
        if (examples.size() == 0) {
            throw new IllegalArgumentException("no training sentences");
        }
        WordVectors vectors = recipe.embeddingsFile() == null ? null : vectors(recipe, vocab);
        TrainingRecipe recorded = vectors == null ? recipe : recipe.toBuilder()
                .embeddings(vectors.file().toAbsolutePath().normalize()).embeddingsSha256(vectors.sha256()).build();
        return new Training(recorded, splits, vocab, outputs, intentLabels, examples, dev, test, dims, vectors);
    }

    /** The recipe's embeddings file read for this vocabulary, its SHA-256 checked when the recipe names one. */
    private static WordVectors vectors(TrainingRecipe recipe, Vocabulary vocab) throws IOException {
        Path file = recipe.embeddingsFile();
        WordVectors v = WordVectors.read(file, vocab, recipe.settings().embedding);
        String expected = recipe.embeddingsSha256();
        if (expected != null && !expected.equals(v.sha256())) {
            throw new InputException(file, 0, "its SHA-256 is " + v.sha256() + ", but the recipe's embeddings-sha256 is "
                    + expected + ": not the file the recipe was trained with");
        }
        return v;
    }

    /**
     * The parameters a fresh run starts from: the seed's draws ({@link Params#initialise}), then,
     * with an embeddings file, the rows of the vocabulary words it holds overwritten with its
     * vectors (every other parameter, and the draws, exactly as without the file).
     */
    public Params initialParams() {
        Params p = Params.initialise(dims, recipe.settings().seed);
        if (vectors != null) {
            vectors.copyInto(p.embeddings);
        }
        return p;
    }

    /** The pretrained vectors of the vocabulary words (null when the recipe has no embeddings file). */
    public WordVectors wordVectors() {
        return vectors;
    }

    /**
     * What initialises the embeddings, in one line: "512 of 556 vocabulary words found in FILE (de
     * 50); 44 random", or "random (seed 345)", then "; frozen" when they are not trained.
     */
    public String embeddingsSummary() {
        String source = vectors == null ? "random (seed " + recipe.settings().seed + ")"
                : vectors.foundCount() + " of " + vectors.vocabularySize() + " vocabulary words found in " + vectors.file()
                + " (de " + vectors.dimension() + "); " + (vectors.vocabularySize() - vectors.foundCount()) + " random";
        return source + (recipe.settings().freezeEmbeddings ? "; frozen" : "");
    }

    private static Evaluation evaluation(Task task, List<Utterance> data, Vocabulary vocab, LabelSet slots,
                                         LabelSet intents, String split) {
        try {
            return new Evaluation(task, data, vocab, slots, intents);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + split + " split: " + e.getMessage(), e);
        }
    }

    /** Trains in memory: nothing is written. */
    public TrainingReport run(Kernels kernels, TrainingListener listener, Cancellation cancel) {
        try {
            return run(kernels, null, false, listener, cancel);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // nothing is written without an output folder
        }
    }

    /**
     * Trains, saving each new best model into {@code outDir} and a checkpoint after each epoch.
     *
     * @param outDir the model folder (null: nothing is written, and there is nothing to resume)
     * @param resume continue from the checkpoint of an interrupted run into the same folder, with the
     *     same recipe and data
     * @throws Trainer.DivergedException when the loss becomes NaN or infinite (lr too large); the best
     *     model so far is in {@code outDir}
     */
    public TrainingReport run(Kernels kernels, Path outDir, boolean resume, TrainingListener listener,
                              Cancellation cancel) throws IOException {
        if (resume && outDir == null) {
            throw new IllegalArgumentException("resuming needs the output folder of the interrupted run");
        }
        long started = System.nanoTime();
        TrainSettings settings = recipe.settings();
        Trainer.State state = resume ? resume(outDir, listener)
                : Trainer.State.fresh(initialParams(), settings, examples.size());
        boolean background = Trainer.scoresInBackground(settings.batch, recipe.threads());
        try (Workers workers = new Workers(recipe.threads())) {
            Workers scoring = background ? null : workers; // in the background: one thread, the other trains
            Map<Integer, Evaluation.Result[]> scored = new ConcurrentHashMap<>(); // epoch -> [dev, test], until its end
            Trainer.Scorer scorer = (params, epoch) -> score(params, kernels, scoring, epoch, scored);
            Events events = new Events(listener, outDir, cancel, kernels, scored, started);
            Trainer.Result r = new Trainer(settings, kernels, workers).train(state, examples, recipe.objective(), scorer, events);
            if (outDir != null && r.best() != null) {
                events.saveFinal(r, workers);
            }
            return new TrainingReport(r.best() == null ? null : model(r.best()), r.bestEpoch(), r.bestScores(),
                    r.epochsRun(), r.trainSeconds(), r.trainTokens(), r.stopped());
        }
    }

    /** This epoch's model on dev (which picks the best) and test; the full results kept for its card. */
    private Trainer.Scores score(Params params, Kernels kernels, Workers workers, int epoch,
                                 Map<Integer, Evaluation.Result[]> scored) {
        Evaluation.Result[] r = evaluate(params, kernels, workers);
        scored.put(epoch, r);
        return new Trainer.Scores(r[0].selection(), r[0].text(), r[1].text());
    }

    /** [dev, test] results of a model. */
    private Evaluation.Result[] evaluate(Params params, Kernels kernels, Workers workers) {
        InputTable table = InputTable.build(kernels, params); // this model's, for dev and test
        return new Evaluation.Result[] {dev.evaluate(params, kernels, workers, table), test.evaluate(params, kernels, workers, table)};
    }

    /** The description files saved with a model: its recipe and its card. */
    private Map<String, String> descriptions(Kernels kernels, int bestEpoch, Evaluation.Result[] results,
                                             ModelCard.Timing timing) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(ModelFolder.RECIPE, RecipeFile.text(recipe) + (vectors == null ? "" : "# embeddings: " + embeddingsSummary() + "\n"));
        d.put(ModelFolder.CARD, ModelCard.json(this, kernels, bestEpoch, results[0], results[1], timing));
        return d;
    }

    private Trainer.State resume(Path outDir, TrainingListener listener) throws IOException {
        Path checkpointDir = Checkpoint.folderFor(outDir);
        if (!Files.isDirectory(checkpointDir)) {
            throw new IllegalArgumentException("--resume: no checkpoint at " + checkpointDir);
        }
        ModelFolder.Contents best = ModelFolder.load(outDir);
        Trainer.State st = Checkpoint.load(checkpointDir, best.params(), fingerprint());
        listener.resumed(st.nextEpoch, st.bestEpoch, st.bestScores, st.lr);
        return st;
    }

    /**
     * What must be equal for a resumed run to continue a checkpoint: the settings, task, objective,
     * the data's shape and content (a hash of each split and of the vocabulary and labels, see
     * {@link DataHash}), the embeddings file's SHA-256 (when there is one), and with mini-batches the
     * workers, which fix the order of the gradient sums.
     * {@code key=value} pairs joined by ';'.
     */
    public String fingerprint() {
        TrainSettings s = recipe.settings();
        Dims d = dims;
        String workers = s.batch > 1 ? " threads=" + Math.min(recipe.threads(), s.batch) : "";
        return (s.fingerprint() + workers + " task=" + recipe.task().id() + " objective=" + recipe.objective() + " dims="
                + d.ne() + "," + d.de() + "," + d.cs() + "," + d.nh() + "," + d.nc() + "," + d.ni() + " pool=" + d.pool().id()
                + architectureFingerprint(d) + (recipe.decoding() == Decoding.ARGMAX ? "" : " decode=" + recipe.decoding().id())
                + " sentences=" + examples.size() + " words=" + examples.tokenCount()).replace(' ', ';')
                + ";train_data=" + DataHash.of(splits.train()) + ";dev_data=" + DataHash.of(splits.dev())
                + ";test_data=" + DataHash.of(splits.test()) + ";vocabulary_and_labels="
                + DataHash.of(vocabulary, outputs, intents) + (vectors == null ? "" : ";embeddings=" + vectors.sha256());
    }

    /** " arch=recurrence,direction,output", or nothing for the tutorial's (its fingerprint stays as it was). */
    private static String architectureFingerprint(Dims d) {
        return d.arch().isTutorial() ? "" : " arch=" + d.arch().recurrence().id() + "," + d.arch().direction().id()
                + "," + d.arch().output().id();
    }

    /** These parameters as a model of this training's vocabulary, labels, task and recipe. */
    public Model model(Params params) {
        return new Model(params, vocabulary, outputs, dims.hasIntentHead() ? intents : null, recipe.task(), recipe.toMap());
    }

    /**
     * The trainer's events for the caller's listener, plus the run's own: saving the best model and
     * a checkpoint after each epoch (with an output folder), and polling the cancellation.
     */
    private final class Events implements Trainer.Listener {
        private final TrainingListener listener;
        private final Path outDir;
        private final Path checkpointDir;
        private final Cancellation cancel;
        private final String fingerprint;
        private final Kernels kernels;
        private final Map<Integer, Evaluation.Result[]> scored;
        private final long started;
        // this process's epochs so far, for the card of a new best
        private double trainSeconds;
        private long trainTokens;
        private int bestEpoch = -1;
        private Evaluation.Result[] bestResults;

        Events(TrainingListener listener, Path outDir, Cancellation cancel, Kernels kernels,
               Map<Integer, Evaluation.Result[]> scored, long started) {
            this.listener = listener;
            this.outDir = outDir;
            this.checkpointDir = outDir == null ? null : Checkpoint.folderFor(outDir);
            this.cancel = cancel;
            this.fingerprint = fingerprint();
            this.kernels = kernels;
            this.scored = scored;
            this.started = started;
        }

        private double wallSeconds() {
            return (System.nanoTime() - started) / 1e9;
        }

        /** Saves the best model once more at the end, its card with the whole run's numbers. */
        void saveFinal(Trainer.Result r, Workers workers) throws IOException {
            Evaluation.Result[] results = r.bestEpoch() == bestEpoch && bestResults != null ? bestResults
                    : evaluate(r.best(), kernels, workers); // resumed, no new best since: score it again
            ModelCard.Timing timing = new ModelCard.Timing(r.epochsRun(), true, r.trainSeconds(), r.trainTokens(), wallSeconds());
            save(r.best(), descriptions(kernels, r.bestEpoch(), results, timing));
        }

        private void save(Params best, Map<String, String> descriptions) throws IOException {
            Model model = model(best);
            ModelFolder.save(outDir, new ModelFolder.Contents(best, model.vocabulary(), model.labels(),
                    model.intents(), model.task(), recipe.objective(), recipe.decoding()), descriptions);
        }

        @Override
        public void progress(int epoch, int done, int total, double seconds, long tokens) {
            listener.progress(epoch, done, total, seconds, tokens);
        }

        @Override
        public void newBest(int epoch, Params best, Trainer.Scores scores) {
            Model model = model(best);
            bestEpoch = epoch;
            bestResults = scored.get(epoch);
            if (outDir != null) {
                if (bestResults == null) { // not scored by this run's scorer: score it for its card
                    bestResults = evaluate(best, kernels, null);
                }
                ModelCard.Timing timing = new ModelCard.Timing(epoch + 1, false, trainSeconds, trainTokens, wallSeconds());
                try {
                    save(best, descriptions(kernels, epoch, bestResults, timing));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            listener.newBest(epoch, scores, model);
        }

        @Override
        public void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Trainer.Scores scores,
                             boolean newBest, double lr) {
            scored.remove(epoch);
            trainSeconds += seconds;
            trainTokens += tokens;
            listener.epochEnd(epoch, seconds, tokens, meanLoss, scores, newBest, lr);
        }

        @Override
        public void decayed(int epoch, double newLr, int bestEpoch) {
            listener.decayed(epoch, newLr, bestEpoch);
        }

        @Override
        public void checkpoint(Trainer.State st) {
            if (checkpointDir == null) {
                return;
            }
            try {
                Checkpoint.save(checkpointDir, st, fingerprint);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            listener.epochSaved(st.nextEpoch - 1, st.bestEpoch);
        }

        @Override
        public boolean stopRequested() {
            return cancel != null && cancel.isCancelled();
        }
    }

    public TrainingRecipe recipe() {
        return recipe;
    }

    public Splits splits() {
        return splits;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The per-word softmax's classes: slot labels, or the intents for an intent model. */
    public LabelSet labels() {
        return outputs;
    }

    /** The intent labels (null for slot filling). */
    public LabelSet intents() {
        return intents;
    }

    /** The network's shapes. */
    public Dims dims() {
        return dims;
    }

    /** The encoded training set. */
    public Examples examples() {
        return examples;
    }

    /** The validation split, ready to score a model (it picks the best one). */
    public Evaluation dev() {
        return dev;
    }

    /** The test split, ready to score a model. */
    public Evaluation test() {
        return test;
    }
}
