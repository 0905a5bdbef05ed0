package org.rnnslu.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Gradients;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.model.Sgd;
import org.rnnslu.util.Rng;
import org.rnnslu.util.Workers;

/**
 * The RNNSLU tutorial's training recipe, as its {@code main()} runs it:
 * <ol>
 *   <li>each epoch, shuffle the training sentences (seeded) and take one SGD step per sentence
 *       (forward, backward, update, normalise);</li>
 *   <li>score the current model on validation and test; a better validation score is a NEW BEST and
 *       the model is kept;</li>
 *   <li>once the best epoch is {@code patience} or more epochs behind, halve lr and go back to the
 *       best model (the tutorial tests {@code abs(be - ce) >= 10} every epoch, so without a new best
 *       this repeats each epoch);</li>
 *   <li>stop when lr &lt; min-lr or after the last epoch.</li>
 * </ol>
 * With {@code batch} B &gt; 1 a step averages the gradients of B sentences instead, computed by
 * {@code threads} workers on contiguous shares of the batch and summed in worker order, so the
 * result is deterministic for a given thread count. B = 1 is exactly the tutorial's per-sentence
 * SGD (and trains on one thread: there is nothing to split; given two or more, each epoch is scored
 * on another thread while the next one trains, with the same result, see {@link #scoresInBackground}).
 *
 * <p>The trainer is separate from the model it produces: it owns the settings and the seeded RNG.
 * All a run's progress is in its {@link State}, which a checkpoint saves and {@code --resume}
 * restores to continue exactly as an uninterrupted run would.
 */
public final class Trainer {

    /**
     * A model's scores after an epoch: {@code valid} picks the best model (higher is better);
     * {@code validText} and {@code testText} are what the logs print, e.g. "F1 95.12".
     */
    public record Scores(double valid, String validText, String testText) {}

    /**
     * Scores a model on validation and test each epoch. With scoring ahead (batch 1, two or more
     * workers: {@link #scoresInBackground}) it is called on a thread of its own, one epoch at a
     * time, with a private copy of the parameters, while the next epoch trains. Either way it reads
     * the parameters and must not change them.
     */
    public interface Scorer {
        Scores score(Params params, int epoch);
    }

    /** Hears about progress; all methods optional. */
    public interface Listener {
        default void progress(int epoch, int done, int total, double seconds, long tokens) {}

        default void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Scores scores,
                              boolean newBest, double lr) {}

        default void decayed(int epoch, double newLr, int bestEpoch) {}

        /**
         * The epoch's model is the best so far: the one place "best" is decided, called before
         * {@link #epochEnd}. {@code best} is a copy the run never changes.
         */
        default void newBest(int epoch, Params best, Scores scores) {}

        /** Polled between training steps: true stops the run (see {@link Result#stopped}). */
        default boolean stopRequested() {
            return false;
        }

        /**
         * After each epoch's bookkeeping: a consistent state to checkpoint, as the epoch left it (with
         * scoring ahead, a view built for this call while the next epoch trains: write it now, do
         * not keep it).
         */
        default void checkpoint(State state) {}
    }

    /** Everything a run has done so far; a checkpoint of it resumes the run bit for bit. */
    public static final class State {
        public final Params params;
        /** The best model so far (null before the first epoch ends). */
        public Params best;
        public int nextEpoch;
        public int bestEpoch = -1;
        public Scores bestScores;
        public double lr;
        /** The shuffling generator's state and the current order (each epoch shuffles the last order). */
        public long rngState;
        public final int[] order;
        public boolean embeddingsNormalized;
        public double trainSeconds;
        public long trainTokens;

        public State(Params params, int[] order) {
            this.params = params;
            this.order = order;
        }

        /** A new run: initial parameters from the seed, identity order. */
        public static State fresh(Dims dims, TrainSettings settings, int sentences) {
            int[] order = new int[sentences];
            for (int i = 0; i < sentences; i++) {
                order[i] = i;
            }
            State s = new State(Params.initialise(dims, settings.seed), order);
            s.lr = settings.lr;
            s.rngState = settings.seed;
            return s;
        }
    }

    /**
     * What a run produced.
     *
     * @param stopped whether {@link Listener#stopRequested} ended the run before the recipe did; the
     *     epoch in progress then is dropped, and the state is the last checkpoint's, not the run's end
     */
    public record Result(Params best, int bestEpoch, Scores bestScores, int epochsRun,
                         double trainSeconds, long trainTokens, boolean stopped) {}

    private final TrainSettings settings;
    private final Kernels kernels;
    private final Workers workers;

    /** One thread; mini-batches (if any) run on the caller. */
    public Trainer(TrainSettings settings, Kernels kernels) {
        this(settings, kernels, null);
    }

    /** @param workers the threads that share a mini-batch (null: the caller's thread) */
    public Trainer(TrainSettings settings, Kernels kernels, Workers workers) {
        this.settings = settings;
        this.kernels = kernels;
        this.workers = workers;
    }

    public Result train(Dims dims, Examples train, Objective objective, Scorer scorer, Listener listener) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training sentences");
        }
        return train(State.fresh(dims, settings, train.size()), train, objective, scorer, listener);
    }

    /**
     * Whether a run scores each epoch on a thread of its own while the next epoch trains: per-sentence
     * SGD (batch 1) trains on one core, so with two or more threads the scoring takes the other.
     */
    public static boolean scoresInBackground(int batch, int threads) {
        return batch == 1 && threads >= 2;
    }

    /** Runs (or continues) a run from {@code st} until the recipe stops it. */
    public Result train(State st, Examples train, Objective objective, Scorer scorer, Listener listener) {
        if (st.order.length != train.size()) {
            throw new IllegalArgumentException("the state has " + st.order.length + " sentences, the data " + train.size());
        }
        Rng rng = new Rng(st.rngState);
        int epoch = st.nextEpoch;
        boolean background = workers != null && scoresInBackground(settings.batch, workers.threads());
        boolean stopped = false;
        try (Epoch epochRunner = settings.batch == 1 ? new SgdEpoch(st) : new BatchEpoch(st);
             ScoringAhead ahead = background ? new ScoringAhead(st, scorer, listener) : null) {
            for (; epoch < settings.epochs && st.lr >= settings.minLr; epoch++) {
                if (listener.stopRequested()) {
                    stopped = true;
                    break;
                }
                shuffle(st.order, rng);
                st.rngState = rng.state();
                long start;
                EpochOutcome outcome;
                do { // with scoring ahead, the last epoch's scores may halve lr: then this epoch again, same order
                    start = System.nanoTime();
                    outcome = runEpoch(epochRunner, epoch, train, objective, listener, start, ahead);
                } while (outcome.kind() == EpochOutcome.Kind.VOIDED && st.lr >= settings.minLr);
                if (outcome.kind() == EpochOutcome.Kind.VOIDED) {
                    ahead.restoreOrder(); // stopped by the last epoch's scores: st as that epoch left it
                    break;
                }
                if (outcome.kind() == EpochOutcome.Kind.STOPPED) {
                    stopped = true;
                    break;
                }
                double lossSum = outcome.lossSum();
                long tokens = train.tokenCount();
                double seconds = (System.nanoTime() - start) / 1e9;
                st.trainSeconds += seconds;
                st.trainTokens += tokens;
                st.embeddingsNormalized = true;
                if (ahead != null) {
                    ahead.submit(epoch, seconds, tokens, lossSum / train.size());
                    continue;
                }
                Scores scores = scorer.score(st.params, epoch);
                afterEpoch(st, epoch, seconds, tokens, lossSum / train.size(), scores, st.params::copy, listener);
                st.nextEpoch = epoch + 1;
                listener.checkpoint(st);
            }
            if (ahead != null) {
                ahead.awaitScores();
            }
        }
        st.nextEpoch = epoch;
        return new Result(st.best, st.bestEpoch, st.bestScores, epoch, st.trainSeconds, st.trainTokens, stopped);
    }

    /**
     * How one pass over the training set ended: trained (with its summed loss), voided (scoring
     * ahead halved lr and restored the best model during it) or stopped (on request).
     */
    private record EpochOutcome(Kind kind, double lossSum) {
        enum Kind { TRAINED, VOIDED, STOPPED }

        static final EpochOutcome VOIDED = new EpochOutcome(Kind.VOIDED, 0);
        static final EpochOutcome STOPPED = new EpochOutcome(Kind.STOPPED, 0);

        static EpochOutcome trained(double lossSum) {
            return new EpochOutcome(Kind.TRAINED, lossSum);
        }
    }

    /** One epoch; before it returns, the last epoch's scores have been seen. */
    private EpochOutcome runEpoch(Epoch runner, int epoch, Examples train, Objective objective, Listener listener,
                                  long start, ScoringAhead ahead) {
        try {
            EpochOutcome outcome = runner.run(epoch, train, objective, listener, start, ahead);
            if (outcome.kind() == EpochOutcome.Kind.VOIDED) {
                return outcome;
            }
            boolean halved = ahead != null && ahead.awaitScores();
            return halved && outcome.kind() != EpochOutcome.Kind.STOPPED ? EpochOutcome.VOIDED : outcome;
        } catch (DivergedException e) {
            if (ahead != null && ahead.awaitScores()) {
                return EpochOutcome.VOIDED; // it diverged at the old lr, which the last epoch's scores halved
            }
            throw e;
        }
    }

    /**
     * The recipe after epoch {@code epoch}, given its scores: keep the epoch's model if it is the
     * best ({@code keep} gives a copy no one changes), report, and once the best epoch is
     * {@code patience} behind, halve lr and go back to the best model. Returns whether lr was halved.
     */
    private boolean afterEpoch(State st, int epoch, double seconds, long tokens, double meanLoss, Scores scores,
                               Supplier<Params> keep, Listener listener) {
        boolean newBest = st.bestScores == null || scores.valid() > st.bestScores.valid();
        if (newBest) {
            st.best = keep.get();
            st.bestEpoch = epoch;
            st.bestScores = scores;
            listener.newBest(epoch, st.best, scores);
        }
        listener.epochEnd(epoch, seconds, tokens, meanLoss, scores, newBest, st.lr);
        if (settings.decay && epoch - st.bestEpoch >= settings.patience) {
            st.lr *= 0.5;
            st.params.setFrom(st.best);
            listener.decayed(epoch, st.lr, st.bestEpoch);
            return true;
        }
        return false;
    }

    /**
     * Scoring on a thread of its own while the next epoch trains (see {@link #scoresInBackground}).
     * An epoch's model, order and counters are copied when it ends and scored there; the training
     * thread looks for the scores between steps and does the epoch's bookkeeping as soon as they are in,
     * before the next epoch reports progress. The run stays the sequential recipe to the bit: when
     * the scores halve lr, the epoch in progress is void and starts again from the restored best model
     * with the same order, as it would have started. What a checkpoint gets is the ended epoch's state.
     */
    private final class ScoringAhead implements AutoCloseable {
        private final State st;
        private final Scorer scorer;
        private final Listener listener;
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rnnslu-scorer");
            t.setDaemon(true);
            return t;
        });
        /** The epoch trained last, its scores not yet seen (null: none). */
        private Ended pending;
        /** The epoch seen last. */
        private Ended settled;

        ScoringAhead(State st, Scorer scorer, Listener listener) {
            this.st = st;
            this.scorer = scorer;
            this.listener = listener;
        }

        /** Hands the epoch that just ended (st as it left it) to the scoring thread. */
        void submit(int epoch, double seconds, long tokens, double meanLoss) {
            Params model = st.params.copy();
            pending = new Ended(epoch, model, st.order.clone(), st.rngState, seconds, tokens, meanLoss, st.trainSeconds,
                    st.trainTokens, thread.submit(() -> scorer.score(model, epoch)));
        }

        /** True while an epoch's scores are outstanding: the epoch in progress keeps its progress to itself. */
        boolean pending() {
            return pending != null;
        }

        /** Between steps: true when the pending scores are in and halved lr (the epoch in progress is void). */
        boolean settleIfScored() {
            return pending != null && pending.future.isDone() && settle();
        }

        /** Waits for the pending scores (if any) and does their bookkeeping; true when they halved lr. */
        boolean awaitScores() {
            return pending != null && settle();
        }

        /** st.order and the generator's state back to those of the epoch seen last. */
        void restoreOrder() {
            System.arraycopy(settled.order, 0, st.order, 0, st.order.length);
            st.rngState = settled.rngState;
        }

        private boolean settle() {
            Ended e = pending;
            pending = null;
            settled = e;
            // e.model is already a copy of its own: kept as it is if it is the best
            boolean halved = afterEpoch(st, e.epoch, e.seconds, e.tokens, e.meanLoss, e.scores(), e::model, listener);
            State view = new State(halved ? st.best : e.model, e.order); // what st was after that epoch
            view.best = st.best;
            view.nextEpoch = e.epoch + 1;
            view.bestEpoch = st.bestEpoch;
            view.bestScores = st.bestScores;
            view.lr = st.lr;
            view.rngState = e.rngState;
            view.embeddingsNormalized = true;
            view.trainSeconds = e.trainSeconds;
            view.trainTokens = e.trainTokens;
            listener.checkpoint(view);
            return halved;
        }

        /**
         * Lets a scoring still running (when training stopped on an exception) finish rather than
         * interrupting it: it may be saving the best model.
         */
        @Override
        public void close() {
            thread.shutdown();
            try {
                thread.awaitTermination(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An epoch that ended, as the scoring thread and the checkpoint see it. */
    private record Ended(int epoch, Params model, int[] order, long rngState, double seconds, long tokens,
                         double meanLoss, double trainSeconds, long trainTokens, Future<Scores> future) {
        /** The scores, once the scoring thread has them; what it threw is rethrown here. */
        Scores scores() {
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw Workers.rethrow(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an epoch's scores", e);
            }
        }
    }

    /** One pass over the shuffled training set; returns the summed loss. */
    private interface Epoch extends AutoCloseable {
        /**
         * Trains one epoch; with scoring ahead, settles the last epoch's scores between steps (and
         * returns VOIDED at once if they void this epoch; see {@link ScoringAhead}); returns STOPPED
         * at once when the listener asks to stop.
         */
        EpochOutcome run(int epoch, Examples train, Objective objective, Listener listener, long start, ScoringAhead ahead);

        @Override
        default void close() {}
    }

    /** The tutorial's per-sentence SGD: one update per sentence, straight into the parameters. */
    private final class SgdEpoch implements Epoch {
        private final State st;
        private final Network net;

        SgdEpoch(State st) {
            this.st = st;
            this.net = new Network(st.params, kernels);
            if (st.embeddingsNormalized) {
                net.markEmbeddingsNormalized();
            }
        }

        @Override
        public EpochOutcome run(int epoch, Examples train, Objective objective, Listener listener, long start,
                                ScoringAhead ahead) {
            int[] order = st.order;
            int reportEvery = Math.max(1, order.length / 100);
            double lossSum = 0;
            long tokens = 0;
            for (int i = 0; i < order.length; i++) {
                if (ahead != null && ahead.settleIfScored()) {
                    return EpochOutcome.VOIDED;
                }
                if (listener.stopRequested()) {
                    return EpochOutcome.STOPPED;
                }
                int s = order[i];
                int[] words = train.words()[s];
                double loss = net.trainStep(words, labelsOf(train, s), sentenceLabelOf(train, s), words.length,
                        objective, (float) st.lr);
                checkFinite(loss, epoch, i);
                lossSum += loss;
                tokens += words.length;
                if (((i + 1) % reportEvery == 0 || i + 1 == order.length) && (ahead == null || !ahead.pending())) {
                    listener.progress(epoch, i + 1, order.length, (System.nanoTime() - start) / 1e9, tokens);
                }
            }
            return EpochOutcome.trained(lossSum);
        }
    }

    /** Mini-batches: the mean gradient of B sentences, one update, workers sharing each batch. */
    private final class BatchEpoch implements Epoch {
        private final State st;
        private final Network[] nets; // one per worker, all on st.params
        private final double[] losses;
        private final Gradients[] grads; // each worker's
        private final int[] bounds;      // worker shares of the current batch, see splitByWords
        private final int threads;
        private boolean normalized; // the embedding rows are unit-norm (after the first step)

        BatchEpoch(State st) {
            this.st = st;
            this.threads = workers == null ? 1 : Math.min(workers.threads(), settings.batch);
            this.nets = new Network[threads];
            for (int w = 0; w < threads; w++) {
                nets[w] = new Network(st.params, kernels);
                if (st.embeddingsNormalized) {
                    nets[w].markEmbeddingsNormalized();
                }
            }
            this.losses = new double[threads];
            this.bounds = new int[threads + 1];
            this.grads = new Gradients[threads];
            for (int w = 0; w < threads; w++) {
                grads[w] = nets[w].gradients();
            }
            this.normalized = st.embeddingsNormalized;
        }

        @Override
        public EpochOutcome run(int epoch, Examples train, Objective objective, Listener listener, long start,
                                ScoringAhead ahead) {
            int[] order = st.order;
            int batch = settings.batch;
            double lossSum = 0;
            long tokens = 0;
            int reports = 0;
            for (int from = 0; from < order.length; from += batch) {
                if (listener.stopRequested()) {
                    return EpochOutcome.STOPPED;
                }
                int to = Math.min(order.length, from + batch);
                double loss = threads == 1 ? nets[0].trainBatch(train.words(), train.labels(), train.sentenceLabels(),
                        order, from, to, objective, (float) st.lr) : parallelStep(train, objective, from, to);
                checkFinite(loss, epoch, from);
                lossSum += loss;
                for (int i = from; i < to; i++) {
                    tokens += train.words()[order[i]].length;
                }
                if (to * 100L / order.length > reports || to == order.length) {
                    reports = (int) (to * 100L / order.length);
                    listener.progress(epoch, to, order.length, (System.nanoTime() - start) / 1e9, tokens);
                }
            }
            return EpochOutcome.trained(lossSum);
        }

        /**
         * bounds[w] .. bounds[w+1]: worker w's contiguous share of order[from..to), cut where the
         * running word count passes w/threads of the batch's words (work is per word, not per sentence).
         */
        private void splitByWords(Examples train, int from, int to) {
            long total = 0;
            for (int i = from; i < to; i++) {
                total += train.words()[st.order[i]].length;
            }
            bounds[0] = from;
            long running = 0;
            int i = from;
            for (int w = 1; w < threads; w++) {
                long target = total * w / threads;
                while (i < to) { // sentence i goes to the earlier share while its middle is before the cut
                    int n = train.words()[st.order[i]].length;
                    if (running + n / 2 >= target) {
                        break;
                    }
                    running += n;
                    i++;
                }
                bounds[w] = i;
            }
            bounds[threads] = to;
        }

        /**
         * Workers take contiguous shares of the batch and accumulate their gradients; then each sums
         * all workers' gradients (in worker order) on its share of the dense parameters and applies
         * the step there; the embedding rows are summed and updated last, on this thread.
         */
        private double parallelStep(Examples train, Objective objective, int from, int to) {
            float scale = 1f / (to - from);
            splitByWords(train, from, to);
            workers.run(threads, w -> {
                Network net = nets[w];
                net.gradients().zero();
                int a = bounds[w];
                int b = bounds[w + 1];
                losses[w] = a == b ? 0 : net.accumulateGradients(train.words(), train.labels(), train.sentenceLabels(),
                        st.order, a, b, objective, scale);
            });
            float lr = (float) st.lr;
            workers.run(threads, w -> Sgd.updateDenseShare(kernels, st.params, grads, lr, w, threads));
            Sgd.updateEmbeddingsFromShares(kernels, st.params, grads, lr, !normalized);
            normalized = true;
            double loss = 0;
            for (int w = 0; w < threads; w++) {
                loss += losses[w];
            }
            return loss;
        }
    }

    private void checkFinite(double loss, int epoch, int sentence) {
        if (!Double.isFinite(loss)) {
            throw new DivergedException(epoch, sentence, loss);
        }
    }

    private static int[] labelsOf(Examples ex, int s) {
        return ex.labels() == null ? null : ex.labels()[s];
    }

    private static int sentenceLabelOf(Examples ex, int s) {
        return ex.sentenceLabels() == null ? -1 : ex.sentenceLabels()[s];
    }

    /** Fisher-Yates with the trainer's seeded generator. */
    static void shuffle(int[] order, Rng rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    /** The loss became NaN or infinite: lr is too large. */
    public static final class DivergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int epoch;

        DivergedException(int epoch, int sentence, double loss) {
            super("training diverged: loss " + loss + " at epoch " + epoch + ", sentence " + (sentence + 1)
                    + "; try a smaller --lr");
            this.epoch = epoch;
        }
    }
}
